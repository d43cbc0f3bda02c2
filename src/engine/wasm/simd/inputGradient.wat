;; The input gradient of a convolution (channels last, no dilation) in float32 SIMD, scattered from
;; each position of the output's gradient into a padded copy of the input's gradient:
;;   dx[b, oh * strideH + kh, ow * strideW * Ci + j] += sum over co of dy[b, oh, ow, co] * wt[kh, co, j]
;; where j runs over a filter row's columns and input channels (kw * Ci + ci), side by side in dx,
;; and wt is the filter reordered by the caller, `j16` wide (a multiple of 16) with zeros past the
;; row's last j. Sixteen j at a time: one load of dy feeds sixteen products. The lanes past a row's
;; last j add those zeros to what follows it in dx, so the caller leaves 64 bytes after dx, which
;; it zeroes beforehand. At least one b, oh and ow.
(module
  (import "env" "memory" (memory 1))
  (func (export "inputGradient")
    (param $dy i32) (param $wt i32) (param $dx i32)
    (param $batch i32) (param $outHeight i32) (param $outWidth i32) (param $co i32)
    (param $imageBytes i32) (param $rowBytes i32)
    (param $strideRowBytes i32) (param $strideColumnBytes i32)
    (param $filterHeight i32) (param $j16 i32)
    (local $b i32) (local $oh i32) (local $ow i32) (local $kh i32) (local $jb i32) (local $c i32)
    (local $dyAt i32) (local $xImage i32) (local $xRow i32) (local $xAt i32)
    (local $rowAt i32) (local $wAt i32) (local $wColumn i32) (local $at i32)
    (local $wRowBytes i32) (local $wFilterRowBytes i32) (local $j16Bytes i32)
    (local $d v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $j16Bytes (i32.shl (local.get $j16) (i32.const 2)))
    (local.set $wRowBytes (local.get $j16Bytes))
    (local.set $wFilterRowBytes (i32.mul (local.get $co) (local.get $j16Bytes)))
    (local.set $dyAt (local.get $dy))
    (local.set $xImage (local.get $dx))
    (loop $bLoop
      (local.set $xRow (local.get $xImage))
      (local.set $oh (i32.const 0))
      (loop $ohLoop
        (local.set $xAt (local.get $xRow))
        (local.set $ow (i32.const 0))
        (loop $owLoop
          (local.set $kh (i32.const 0))
          (loop $khLoop
            (local.set $rowAt (i32.add (local.get $xAt) (i32.mul (local.get $kh) (local.get $rowBytes))))
            (local.set $wAt (i32.add (local.get $wt) (i32.mul (local.get $kh) (local.get $wFilterRowBytes))))
            (local.set $jb (i32.const 0))
            (loop $jbLoop
              (local.set $at (i32.add (local.get $rowAt) (local.get $jb)))
              (local.set $a0 (v128.load align=4 (local.get $at)))
              (local.set $a1 (v128.load offset=16 align=4 (local.get $at)))
              (local.set $a2 (v128.load offset=32 align=4 (local.get $at)))
              (local.set $a3 (v128.load offset=48 align=4 (local.get $at)))
              (local.set $wColumn (i32.add (local.get $wAt) (local.get $jb)))
              (local.set $c (i32.const 0))
              (loop $cLoop
                (local.set $d
                  (f32x4.splat (f32.load (i32.add (local.get $dyAt) (i32.shl (local.get $c) (i32.const 2))))))
                (local.set $a0 (f32x4.add (local.get $a0)
                  (f32x4.mul (local.get $d) (v128.load align=4 (local.get $wColumn)))))
                (local.set $a1 (f32x4.add (local.get $a1)
                  (f32x4.mul (local.get $d) (v128.load offset=16 align=4 (local.get $wColumn)))))
                (local.set $a2 (f32x4.add (local.get $a2)
                  (f32x4.mul (local.get $d) (v128.load offset=32 align=4 (local.get $wColumn)))))
                (local.set $a3 (f32x4.add (local.get $a3)
                  (f32x4.mul (local.get $d) (v128.load offset=48 align=4 (local.get $wColumn)))))
                (local.set $wColumn (i32.add (local.get $wColumn) (local.get $wRowBytes)))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))
                (br_if $cLoop (i32.lt_u (local.get $c) (local.get $co))))
              (v128.store align=4 (local.get $at) (local.get $a0))
              (v128.store offset=16 align=4 (local.get $at) (local.get $a1))
              (v128.store offset=32 align=4 (local.get $at) (local.get $a2))
              (v128.store offset=48 align=4 (local.get $at) (local.get $a3))
              (local.set $jb (i32.add (local.get $jb) (i32.const 64)))
              (br_if $jbLoop (i32.lt_u (local.get $jb) (local.get $j16Bytes))))
            (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
            (br_if $khLoop (i32.lt_u (local.get $kh) (local.get $filterHeight))))
          (local.set $dyAt (i32.add (local.get $dyAt) (i32.shl (local.get $co) (i32.const 2))))
          (local.set $xAt (i32.add (local.get $xAt) (local.get $strideColumnBytes)))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br_if $owLoop (i32.lt_u (local.get $ow) (local.get $outWidth))))
        (local.set $xRow (i32.add (local.get $xRow) (local.get $strideRowBytes)))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br_if $ohLoop (i32.lt_u (local.get $oh) (local.get $outHeight))))
      (local.set $xImage (i32.add (local.get $xImage) (local.get $imageBytes)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br_if $bLoop (i32.lt_u (local.get $b) (local.get $batch))))))
