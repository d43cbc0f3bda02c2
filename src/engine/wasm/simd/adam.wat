;; One Adam step of one weight in float32 SIMD, on TF.js's wasm heap (imported as "memory").
;; The operations and their order are those of TF.js's AdamOptimizer, one IEEE float32 operation
;; each, so the result is the one TF.js's fourteen kernels give, to the bit:
;;   m' = m * beta1 + g * (1 - beta1)
;;   v' = v * beta2 + (g * g) * (1 - beta2)
;;   w' = ((m' / c1) / (sqrt(v' / c2) + epsilon)) * -rate + w      (c = 1 - beta^t)
;; Arguments are byte offsets of float32 arrays of `n` values; four at a time, then one at a time.
(module
  (import "env" "memory" (memory 1))
  (func (export "adam")
    (param $w i32) (param $m i32) (param $v i32) (param $g i32)
    (param $newW i32) (param $newM i32) (param $newV i32) (param $n i32)
    (param $beta1 f32) (param $rest1 f32) (param $beta2 f32) (param $rest2 f32)
    (param $c1 f32) (param $c2 f32) (param $epsilon f32) (param $step f32)
    (local $at i32) (local $vectorEnd i32) (local $end i32)
    (local $g4 v128) (local $m4 v128) (local $v4 v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vectorEnd (i32.and (local.get $end) (i32.const -16)))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $at) (local.get $vectorEnd)))
        (local.set $g4 (v128.load (i32.add (local.get $g) (local.get $at))))
        (local.set $m4
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $at))) (f32x4.splat (local.get $beta1)))
            (f32x4.mul (local.get $g4) (f32x4.splat (local.get $rest1)))))
        (local.set $v4
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $at))) (f32x4.splat (local.get $beta2)))
            (f32x4.mul (f32x4.mul (local.get $g4) (local.get $g4)) (f32x4.splat (local.get $rest2)))))
        (v128.store (i32.add (local.get $newM) (local.get $at)) (local.get $m4))
        (v128.store (i32.add (local.get $newV) (local.get $at)) (local.get $v4))
        (v128.store (i32.add (local.get $newW) (local.get $at))
          (f32x4.add
            (f32x4.mul
              (f32x4.div
                (f32x4.div (local.get $m4) (f32x4.splat (local.get $c1)))
                (f32x4.add
                  (f32x4.sqrt (f32x4.div (local.get $v4) (f32x4.splat (local.get $c2))))
                  (f32x4.splat (local.get $epsilon))))
              (f32x4.splat (local.get $step)))
            (v128.load (i32.add (local.get $w) (local.get $at)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $vectors)))
    (block $done
      (loop $scalars
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $at))))
        (local.set $ms
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $m) (local.get $at))) (local.get $beta1))
            (f32.mul (local.get $gs) (local.get $rest1))))
        (local.set $vs
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $v) (local.get $at))) (local.get $beta2))
            (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $rest2))))
        (f32.store (i32.add (local.get $newM) (local.get $at)) (local.get $ms))
        (f32.store (i32.add (local.get $newV) (local.get $at)) (local.get $vs))
        (f32.store (i32.add (local.get $newW) (local.get $at))
          (f32.add
            (f32.mul
              (f32.div
                (f32.div (local.get $ms) (local.get $c1))
                (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $c2))) (local.get $epsilon)))
              (local.get $step))
            (f32.load (i32.add (local.get $w) (local.get $at)))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $scalars)))))
