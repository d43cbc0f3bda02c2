;; The gradient of a max pool (channels last) in float32 SIMD: each window's gradient goes to the
;; first input, in row order, equal to the maximum the forward pass kept (as TF.js's reference
;; backend decides ties). Four channels at a time, the last channels % 4 one at a time; a window
;; stops at the input where every channel of the four has found its maximum. dx must be zeros.
;; Byte offsets; at least one channel.
(module
  (import "env" "memory" (memory 1))
  (func (export "maxPoolGradient")
    (param $x i32) (param $maxima i32) (param $dy i32) (param $dx i32)
    (param $batch i32) (param $inHeight i32) (param $inWidth i32) (param $channels i32)
    (param $outHeight i32) (param $outWidth i32)
    (param $filterHeight i32) (param $filterWidth i32)
    (param $strideHeight i32) (param $strideWidth i32) (param $top i32) (param $left i32)
    (local $b i32) (local $oh i32) (local $ow i32) (local $c i32) (local $r i32) (local $col i32)
    (local $rowStart i32) (local $rowEnd i32) (local $colStart i32) (local $colEnd i32)
    (local $vectorEnd i32) (local $o i32) (local $p i32) (local $imageRows i32)
    (local $max v128) (local $g v128) (local $found v128) (local $eq v128)
    (local $maxS f32) (local $at i32)
    (local.set $vectorEnd (i32.and (local.get $channels) (i32.const -4)))
    (block $bDone
      (loop $bLoop
        (br_if $bDone (i32.ge_u (local.get $b) (local.get $batch)))
        (local.set $imageRows (i32.mul (local.get $b) (local.get $inHeight)))
        (local.set $oh (i32.const 0))
        (block $ohDone
          (loop $ohLoop
            (br_if $ohDone (i32.ge_u (local.get $oh) (local.get $outHeight)))
            (local.set $rowStart (i32.sub (i32.mul (local.get $oh) (local.get $strideHeight)) (local.get $top)))
            (local.set $rowEnd (i32.add (local.get $rowStart) (local.get $filterHeight)))
            (if (i32.lt_s (local.get $rowStart) (i32.const 0)) (then (local.set $rowStart (i32.const 0))))
            (if (i32.gt_s (local.get $rowEnd) (local.get $inHeight)) (then (local.set $rowEnd (local.get $inHeight))))
            (local.set $ow (i32.const 0))
            (block $owDone
              (loop $owLoop
                (br_if $owDone (i32.ge_u (local.get $ow) (local.get $outWidth)))
                (local.set $colStart (i32.sub (i32.mul (local.get $ow) (local.get $strideWidth)) (local.get $left)))
                (local.set $colEnd (i32.add (local.get $colStart) (local.get $filterWidth)))
                (if (i32.lt_s (local.get $colStart) (i32.const 0)) (then (local.set $colStart (i32.const 0))))
                (if (i32.gt_s (local.get $colEnd) (local.get $inWidth)) (then (local.set $colEnd (local.get $inWidth))))
                ;; o: this window's first channel in maxima and dy, as a float index
                (local.set $o
                  (i32.mul
                    (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $outHeight)) (local.get $oh))
                      (local.get $outWidth)) (local.get $ow))
                    (local.get $channels)))
                (local.set $c (i32.const 0))
                (block $vectorsDone
                  (loop $vectors
                    (br_if $vectorsDone (i32.ge_u (local.get $c) (local.get $vectorEnd)))
                    (local.set $at (i32.shl (i32.add (local.get $o) (local.get $c)) (i32.const 2)))
                    (local.set $max (v128.load align=4 (i32.add (local.get $maxima) (local.get $at))))
                    (local.set $g (v128.load align=4 (i32.add (local.get $dy) (local.get $at))))
                    (local.set $found (v128.const i32x4 0 0 0 0))
                    (block $windowDone
                      (local.set $r (local.get $rowStart))
                      (loop $rows
                        (br_if $windowDone (i32.ge_s (local.get $r) (local.get $rowEnd)))
                        (local.set $col (local.get $colStart))
                        (loop $columns
                          (if (i32.lt_s (local.get $col) (local.get $colEnd))
                            (then
                              (local.set $p
                                (i32.shl
                                  (i32.add
                                    (i32.mul
                                      (i32.add (i32.mul (i32.add (local.get $imageRows) (local.get $r)) (local.get $inWidth))
                                        (local.get $col))
                                      (local.get $channels))
                                    (local.get $c))
                                  (i32.const 2)))
                              (local.set $eq
                                (v128.andnot
                                  (f32x4.eq (v128.load align=4 (i32.add (local.get $x) (local.get $p))) (local.get $max))
                                  (local.get $found)))
                              (if (v128.any_true (local.get $eq))
                                (then
                                  (v128.store align=4 (i32.add (local.get $dx) (local.get $p))
                                    (f32x4.add
                                      (v128.load align=4 (i32.add (local.get $dx) (local.get $p)))
                                      (v128.and (local.get $g) (local.get $eq))))
                                  (local.set $found (v128.or (local.get $found) (local.get $eq)))
                                  (br_if $windowDone (i32x4.all_true (local.get $found)))))
                              (local.set $col (i32.add (local.get $col) (i32.const 1)))
                              (br $columns))))
                        (local.set $r (i32.add (local.get $r) (i32.const 1)))
                        (br $rows)))
                    (local.set $c (i32.add (local.get $c) (i32.const 4)))
                    (br $vectors)))
                (block $scalarsDone
                  (loop $scalars
                    (br_if $scalarsDone (i32.ge_u (local.get $c) (local.get $channels)))
                    (local.set $at (i32.shl (i32.add (local.get $o) (local.get $c)) (i32.const 2)))
                    (local.set $maxS (f32.load (i32.add (local.get $maxima) (local.get $at))))
                    (block $windowDone
                      (local.set $r (local.get $rowStart))
                      (loop $rows
                        (br_if $windowDone (i32.ge_s (local.get $r) (local.get $rowEnd)))
                        (local.set $col (local.get $colStart))
                        (loop $columns
                          (if (i32.lt_s (local.get $col) (local.get $colEnd))
                            (then
                              (local.set $p
                                (i32.shl
                                  (i32.add
                                    (i32.mul
                                      (i32.add (i32.mul (i32.add (local.get $imageRows) (local.get $r)) (local.get $inWidth))
                                        (local.get $col))
                                      (local.get $channels))
                                    (local.get $c))
                                  (i32.const 2)))
                              (if (f32.eq (f32.load (i32.add (local.get $x) (local.get $p))) (local.get $maxS))
                                (then
                                  (f32.store (i32.add (local.get $dx) (local.get $p))
                                    (f32.add (f32.load (i32.add (local.get $dx) (local.get $p)))
                                      (f32.load (i32.add (local.get $dy) (local.get $at)))))
                                  (br $windowDone)))
                              (local.set $col (i32.add (local.get $col) (i32.const 1)))
                              (br $columns))))
                        (local.set $r (i32.add (local.get $r) (i32.const 1)))
                        (br $rows)))
                    (local.set $c (i32.add (local.get $c) (i32.const 1)))
                    (br $scalars)))
                (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
                (br $owLoop)))
            (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
            (br $ohLoop)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $bLoop)))))
