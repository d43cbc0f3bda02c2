/** The training project's requirements.txt: the versions train.py was checked with. */

export const KERAS_VERSION = '3.15.1';
export const NUMPY_VERSION = '2.4.6';
export const TENSORFLOW_VERSION = '2.21.0';
export const JAX_VERSION = '0.10.2';
export const TORCH_VERSION = '2.13.0';

export const REQUIREMENTS_TXT = `# train.py needs Keras 3 and NumPy (checked with these versions) and ONE backend below:
# uncomment its line, or add it to the pip command (see README.md).
keras==${KERAS_VERSION}
numpy==${NUMPY_VERSION}

# TensorFlow (the default backend; --strategy mirrored and multiworker need it).
# On a CPU-only machine:
# tensorflow-cpu==${TENSORFLOW_VERSION}
# With NVIDIA GPUs (Linux):
# tensorflow[and-cuda]==${TENSORFLOW_VERSION}

# JAX (KERAS_BACKEND=jax; --strategy jax-dp). CPU:
# jax==${JAX_VERSION}
# With NVIDIA GPUs: jax[cuda12]==${JAX_VERSION}

# PyTorch (KERAS_BACKEND=torch):
# torch==${TORCH_VERSION}
`;
