;; Row-wise float32 SIMD kernels over a [rows, width] matrix (byte offsets; four columns at a
;; time, the last width % 4 one at a time):
;;   biasAdd:   out[r, c] = values[r, c] + bias[c]
;;   columnSum: out[c] = values[0, c] + values[1, c] + ... in row order, each sum rounded to
;;              float32 as it goes (TF.js's order for a sum over every axis but the last)
(module
  (import "env" "memory" (memory 1))
  (func (export "biasAdd")
    (param $values i32) (param $bias i32) (param $out i32) (param $rows i32) (param $width i32)
    (local $r i32) (local $c i32) (local $vectorEnd i32) (local $rowBytes i32)
    (local $in i32) (local $to i32)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $vectorEnd (i32.and (local.get $rowBytes) (i32.const -16)))
    (local.set $in (local.get $values))
    (local.set $to (local.get $out))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $c (i32.const 0))
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.ge_u (local.get $c) (local.get $vectorEnd)))
            (v128.store align=4 (i32.add (local.get $to) (local.get $c))
              (f32x4.add
                (v128.load align=4 (i32.add (local.get $in) (local.get $c)))
                (v128.load align=4 (i32.add (local.get $bias) (local.get $c)))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $vectors)))
        (block $scalarsDone
          (loop $scalars
            (br_if $scalarsDone (i32.ge_u (local.get $c) (local.get $rowBytes)))
            (f32.store (i32.add (local.get $to) (local.get $c))
              (f32.add
                (f32.load (i32.add (local.get $in) (local.get $c)))
                (f32.load (i32.add (local.get $bias) (local.get $c)))))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $scalars)))
        (local.set $in (i32.add (local.get $in) (local.get $rowBytes)))
        (local.set $to (i32.add (local.get $to) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))
  (func (export "columnSum")
    (param $values i32) (param $out i32) (param $rows i32) (param $width i32)
    (local $r i32) (local $c i32) (local $vectorEnd i32) (local $rowBytes i32) (local $at i32)
    (local $sum4 v128) (local $sum f32)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $vectorEnd (i32.and (local.get $rowBytes) (i32.const -16)))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $c) (local.get $vectorEnd)))
        (local.set $sum4 (v128.const i32x4 0 0 0 0))
        (local.set $at (i32.add (local.get $values) (local.get $c)))
        (local.set $r (i32.const 0))
        (block $rowsDone
          (loop $rowLoop
            (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
            (local.set $sum4 (f32x4.add (local.get $sum4) (v128.load align=4 (local.get $at))))
            (local.set $at (i32.add (local.get $at) (local.get $rowBytes)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rowLoop)))
        (v128.store align=4 (i32.add (local.get $out) (local.get $c)) (local.get $sum4))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $vectors)))
    (block $scalarsDone
      (loop $scalars
        (br_if $scalarsDone (i32.ge_u (local.get $c) (local.get $rowBytes)))
        (local.set $sum (f32.const 0))
        (local.set $at (i32.add (local.get $values) (local.get $c)))
        (local.set $r (i32.const 0))
        (block $rowsDone
          (loop $rowLoop
            (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
            (local.set $sum (f32.add (local.get $sum) (f32.load (local.get $at))))
            (local.set $at (i32.add (local.get $at) (local.get $rowBytes)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rowLoop)))
        (f32.store (i32.add (local.get $out) (local.get $c)) (local.get $sum))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $scalars)))))
