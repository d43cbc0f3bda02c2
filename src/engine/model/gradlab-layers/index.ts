/** The Gradlab layers, each registered with TF.js serialization when this module loads. */
export { GradlabCausalSelfAttention } from './causal-self-attention';
export { GradlabPositionalEmbedding } from './positional-embedding';
