;; The filter gradient of a convolution (channels last, no dilation) in float32 SIMD:
;;   dW[kh, j, co] = sum over b, oh, ow of x[b, oh * strideH + kh, ow * strideW * Ci + j] * dy[b, oh, ow, co]
;; where x is the input already padded (zeros where the convolution read padding) and j runs over a
;; filter row's columns and input channels (kw * Ci + ci), which lie side by side in x. Four j by
;; four output channels at a time: one load of x and one of dy feed sixteen products. dW's rows are
;; `co4` channels wide (a multiple of 4); where the output has fewer, the lanes beyond are sums of
;; whatever follows a row of dy, which the caller drops. Loads may reach 16 bytes past the last
;; value of x and of dy, which the caller keeps inside the memory. At least one b, oh and ow.
;; Sums run in b, oh, ow order.
(module
  (import "env" "memory" (memory 1))
  (func (export "filterGradient")
    (param $x i32) (param $dy i32) (param $out i32)
    (param $batch i32) (param $outHeight i32) (param $outWidth i32)
    (param $imageBytes i32) (param $rowBytes i32)
    (param $strideRowBytes i32) (param $strideColumnBytes i32)
    (param $dyRowBytes i32) (param $filterHeight i32) (param $j i32) (param $co4 i32)
    (local $kh i32) (local $jb i32) (local $cb i32)
    (local $b i32) (local $oh i32) (local $ow i32)
    (local $xImage i32) (local $xRow i32) (local $xAt i32) (local $dyAt i32)
    (local $outRowBytes i32) (local $outAt i32)
    (local $xv v128) (local $dv v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $outRowBytes (i32.shl (local.get $co4) (i32.const 2)))
    (block $khDone
      (loop $khLoop
        (br_if $khDone (i32.ge_u (local.get $kh) (local.get $filterHeight)))
        (local.set $jb (i32.const 0))
        (block $jbDone
          (loop $jbLoop
            (br_if $jbDone (i32.ge_u (local.get $jb) (local.get $j)))
            (local.set $cb (i32.const 0))
            (block $cbDone
              (loop $cbLoop
                (br_if $cbDone (i32.ge_u (local.get $cb) (local.get $co4)))
                (local.set $a0 (v128.const i32x4 0 0 0 0))
                (local.set $a1 (v128.const i32x4 0 0 0 0))
                (local.set $a2 (v128.const i32x4 0 0 0 0))
                (local.set $a3 (v128.const i32x4 0 0 0 0))
                (local.set $xImage
                  (i32.add (local.get $x)
                    (i32.add (i32.mul (local.get $kh) (local.get $rowBytes))
                      (i32.shl (local.get $jb) (i32.const 2)))))
                (local.set $dyAt (i32.add (local.get $dy) (i32.shl (local.get $cb) (i32.const 2))))
                (local.set $b (i32.const 0))
                (loop $bLoop
                  (local.set $xRow (local.get $xImage))
                  (local.set $oh (i32.const 0))
                  (loop $ohLoop
                    (local.set $xAt (local.get $xRow))
                    (local.set $ow (i32.const 0))
                    (loop $owLoop
                      (local.set $xv (v128.load align=4 (local.get $xAt)))
                      (local.set $dv (v128.load align=4 (local.get $dyAt)))
                      (local.set $a0 (f32x4.add (local.get $a0)
                        (f32x4.mul (local.get $dv)
                          (i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 (local.get $xv) (local.get $xv)))))
                      (local.set $a1 (f32x4.add (local.get $a1)
                        (f32x4.mul (local.get $dv)
                          (i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7 (local.get $xv) (local.get $xv)))))
                      (local.set $a2 (f32x4.add (local.get $a2)
                        (f32x4.mul (local.get $dv)
                          (i8x16.shuffle 8 9 10 11 8 9 10 11 8 9 10 11 8 9 10 11 (local.get $xv) (local.get $xv)))))
                      (local.set $a3 (f32x4.add (local.get $a3)
                        (f32x4.mul (local.get $dv)
                          (i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 12 13 14 15 (local.get $xv) (local.get $xv)))))
                      (local.set $xAt (i32.add (local.get $xAt) (local.get $strideColumnBytes)))
                      (local.set $dyAt (i32.add (local.get $dyAt) (local.get $dyRowBytes)))
                      (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
                      (br_if $owLoop (i32.lt_u (local.get $ow) (local.get $outWidth))))
                    (local.set $xRow (i32.add (local.get $xRow) (local.get $strideRowBytes)))
                    (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
                    (br_if $ohLoop (i32.lt_u (local.get $oh) (local.get $outHeight))))
                  (local.set $xImage (i32.add (local.get $xImage) (local.get $imageBytes)))
                  (local.set $b (i32.add (local.get $b) (i32.const 1)))
                  (br_if $bLoop (i32.lt_u (local.get $b) (local.get $batch))))
                ;; dW[kh, jb + k, cb..cb+3] for the k that are columns of the filter row.
                (local.set $outAt
                  (i32.add (local.get $out)
                    (i32.shl
                      (i32.add
                        (i32.mul
                          (i32.add (i32.mul (local.get $kh) (local.get $j)) (local.get $jb))
                          (local.get $co4))
                        (local.get $cb))
                      (i32.const 2))))
                (v128.store align=4 (local.get $outAt) (local.get $a0))
                (if (i32.lt_u (i32.add (local.get $jb) (i32.const 1)) (local.get $j))
                  (then (v128.store align=4
                    (i32.add (local.get $outAt) (local.get $outRowBytes)) (local.get $a1))))
                (if (i32.lt_u (i32.add (local.get $jb) (i32.const 2)) (local.get $j))
                  (then (v128.store align=4
                    (i32.add (local.get $outAt) (i32.shl (local.get $outRowBytes) (i32.const 1)))
                    (local.get $a2))))
                (if (i32.lt_u (i32.add (local.get $jb) (i32.const 3)) (local.get $j))
                  (then (v128.store align=4
                    (i32.add (local.get $outAt) (i32.mul (local.get $outRowBytes) (i32.const 3)))
                    (local.get $a3))))
                (local.set $cb (i32.add (local.get $cb) (i32.const 4)))
                (br $cbLoop)))
            (local.set $jb (i32.add (local.get $jb) (i32.const 4)))
            (br $jbLoop)))
        (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
        (br $khLoop)))))
