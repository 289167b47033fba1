;; The base64 encoder of an upload's commit body (see ./base64.ts): bytes in memory to base64 in memory,
;; with no string in between. Assembled into ./base64-wasm.ts by `bun scripts/wasm.ts`; a test checks that
;; the two agree.
;;
;; enc(src, n, dst, alphabet) writes the base64 of the n bytes at src to dst (padded) and returns the number
;; of bytes written. `alphabet` is where the 64 characters are. It reads nothing outside [src, src + n).
;;
;; dec(src, n, dst) writes the bytes of the n base64 characters at src (n a multiple of 4, padded, as enc
;; writes them; other text is not checked, and decodes to garbage) to dst and returns their number. It
;; reads nothing outside [src, src + n) and writes nothing past what it returns.
(module
  (import "env" "memory" (memory 1 65536 shared))
  (func (export "enc") (param $src i32) (param $n i32) (param $dst i32) (param $alphabet i32) (result i32)
    (local $i i32) (local $o i32) (local $x i32) (local $rest i32)
    (local $v v128) (local $idx v128) (local $range v128)
    (local.set $o (local.get $dst))
    ;; 12 bytes in, 16 characters out, while 16 bytes can be loaded. Each 3-byte group a b c is shuffled to
    ;; b a c b, one 32-bit lane, whose four 6-bit fields are then moved to one byte each (W. Muła's method).
    (block $simd_done
      (loop $simd
        (br_if $simd_done (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $n)))
        (local.set $v
          (i8x16.swizzle
            (v128.load (i32.add (local.get $src) (local.get $i)))
            (v128.const i8x16 1 0 2 1 4 3 5 4 7 6 8 7 10 9 11 10)))
        (local.set $idx
          (v128.or
            (v128.or
              (i32x4.shr_u (v128.and (local.get $v) (v128.const i32x4 0x0000fc00 0x0000fc00 0x0000fc00 0x0000fc00)) (i32.const 10))
              (i32x4.shr_u (v128.and (local.get $v) (v128.const i32x4 0x0fc00000 0x0fc00000 0x0fc00000 0x0fc00000)) (i32.const 6)))
            (v128.or
              (i32x4.shl (v128.and (local.get $v) (v128.const i32x4 0x000003f0 0x000003f0 0x000003f0 0x000003f0)) (i32.const 4))
              (i32x4.shl (v128.and (local.get $v) (v128.const i32x4 0x003f0000 0x003f0000 0x003f0000 0x003f0000)) (i32.const 8)))))
        ;; The character of each 6-bit value: value + an offset per range, looked up from the range's number
        ;; (0: 26..51 "a".., 1..10: 52..61 "0".., 11: 62 "+", 12: 63 "/", 13: 0..25 "A"..).
        (local.set $range
          (v128.or
            (i8x16.sub_sat_u (local.get $idx) (i8x16.splat (i32.const 51)))
            (v128.and (i8x16.lt_u (local.get $idx) (i8x16.splat (i32.const 26))) (i8x16.splat (i32.const 13)))))
        (v128.store (local.get $o)
          (i8x16.add (local.get $idx)
            (i8x16.swizzle (v128.const i8x16 71 -4 -4 -4 -4 -4 -4 -4 -4 -4 -4 -19 -16 65 0 0) (local.get $range))))
        (local.set $i (i32.add (local.get $i) (i32.const 12)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $simd)))
    ;; The whole 3-byte groups left, one at a time.
    (block $groups_done
      (loop $groups
        (br_if $groups_done (i32.gt_u (i32.add (local.get $i) (i32.const 3)) (local.get $n)))
        (local.set $x
          (i32.or
            (i32.or
              (i32.shl (i32.load8_u (i32.add (local.get $src) (local.get $i))) (i32.const 16))
              (i32.shl (i32.load8_u offset=1 (i32.add (local.get $src) (local.get $i))) (i32.const 8)))
            (i32.load8_u offset=2 (i32.add (local.get $src) (local.get $i)))))
        (i32.store8 (local.get $o)
          (i32.load8_u (i32.add (local.get $alphabet) (i32.shr_u (local.get $x) (i32.const 18)))))
        (i32.store8 offset=1 (local.get $o)
          (i32.load8_u (i32.add (local.get $alphabet) (i32.and (i32.shr_u (local.get $x) (i32.const 12)) (i32.const 63)))))
        (i32.store8 offset=2 (local.get $o)
          (i32.load8_u (i32.add (local.get $alphabet) (i32.and (i32.shr_u (local.get $x) (i32.const 6)) (i32.const 63)))))
        (i32.store8 offset=3 (local.get $o)
          (i32.load8_u (i32.add (local.get $alphabet) (i32.and (local.get $x) (i32.const 63)))))
        (local.set $i (i32.add (local.get $i) (i32.const 3)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $groups)))
    ;; The last 1 or 2 bytes, zero-padded: 2 or 3 characters, then "=" (61).
    (local.set $rest (i32.sub (local.get $n) (local.get $i)))
    (if (i32.gt_u (local.get $rest) (i32.const 0))
      (then
        (local.set $x (i32.shl (i32.load8_u (i32.add (local.get $src) (local.get $i))) (i32.const 16)))
        (if (i32.eq (local.get $rest) (i32.const 2))
          (then
            (local.set $x
              (i32.or (local.get $x)
                (i32.shl (i32.load8_u offset=1 (i32.add (local.get $src) (local.get $i))) (i32.const 8))))))
        (i32.store8 (local.get $o)
          (i32.load8_u (i32.add (local.get $alphabet) (i32.shr_u (local.get $x) (i32.const 18)))))
        (i32.store8 offset=1 (local.get $o)
          (i32.load8_u (i32.add (local.get $alphabet) (i32.and (i32.shr_u (local.get $x) (i32.const 12)) (i32.const 63)))))
        (i32.store8 offset=2 (local.get $o)
          (select
            (i32.load8_u (i32.add (local.get $alphabet) (i32.and (i32.shr_u (local.get $x) (i32.const 6)) (i32.const 63))))
            (i32.const 61)
            (i32.eq (local.get $rest) (i32.const 2))))
        (i32.store8 offset=3 (local.get $o) (i32.const 61))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))))
    (i32.sub (local.get $o) (local.get $dst)))

  ;; The 6-bit value of a base64 character ("=" is 0).
  (func $value (param $c i32) (result i32)
    (if (result i32) (i32.ge_u (local.get $c) (i32.const 97))
      (then (i32.sub (local.get $c) (i32.const 71)))
      (else
        (if (result i32) (i32.ge_u (local.get $c) (i32.const 65))
          (then (i32.sub (local.get $c) (i32.const 65)))
          (else
            (if (result i32) (i32.eq (local.get $c) (i32.const 61))
              (then (i32.const 0))
              (else
                (if (result i32) (i32.ge_u (local.get $c) (i32.const 48))
                  (then (i32.add (local.get $c) (i32.const 4)))
                  (else (select (i32.const 62) (i32.const 63) (i32.eq (local.get $c) (i32.const 43))))))))))))

  (func (export "dec") (param $src i32) (param $n i32) (param $dst i32) (result i32)
    (local $i i32) (local $o i32) (local $x i32) (local $v v128) (local $w v128)
    (local.set $o (local.get $dst))
    ;; 16 characters in, 12 bytes out, while 4 characters are left after them (the last 4 may be padded).
    ;; Each character's value is itself plus an offset looked up from its high nibble ("/" moved to its own
    ;; entry); then the four 6-bit values of each 32-bit lane are joined, and the lanes' 3 bytes packed.
    (block $simd_done
      (loop $simd
        (br_if $simd_done (i32.gt_u (i32.add (local.get $i) (i32.const 20)) (local.get $n)))
        (local.set $v (v128.load (i32.add (local.get $src) (local.get $i))))
        (local.set $v
          (i8x16.add (local.get $v)
            (i8x16.swizzle
              (v128.const i8x16 0 16 19 4 -65 -65 -71 -71 0 0 0 0 0 0 0 0)
              (i8x16.add
                (i8x16.shr_u (local.get $v) (i32.const 4))
                (i8x16.eq (local.get $v) (i8x16.splat (i32.const 47)))))))
        (local.set $w
          (v128.or
            (v128.or
              (i32x4.shl (v128.and (local.get $v) (v128.const i32x4 0x3f 0x3f 0x3f 0x3f)) (i32.const 18))
              (i32x4.shl (v128.and (local.get $v) (v128.const i32x4 0x3f00 0x3f00 0x3f00 0x3f00)) (i32.const 4)))
            (v128.or
              (v128.and (i32x4.shr_u (local.get $v) (i32.const 10)) (v128.const i32x4 0xfc0 0xfc0 0xfc0 0xfc0))
              (i32x4.shr_u (local.get $v) (i32.const 24)))))
        (local.set $w
          (i8x16.swizzle (local.get $w) (v128.const i8x16 2 1 0 6 5 4 10 9 8 14 13 12 -1 -1 -1 -1)))
        (v128.store64_lane 0 (local.get $o) (local.get $w))
        (v128.store32_lane offset=8 2 (local.get $o) (local.get $w))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 12)))
        (br $simd)))
    ;; The groups of 4 left, one at a time; the last one may end in padding.
    (block $groups_done
      (loop $groups
        (br_if $groups_done (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
        (local.set $x
          (i32.or
            (i32.or
              (i32.shl (call $value (i32.load8_u (i32.add (local.get $src) (local.get $i)))) (i32.const 18))
              (i32.shl (call $value (i32.load8_u offset=1 (i32.add (local.get $src) (local.get $i)))) (i32.const 12)))
            (i32.or
              (i32.shl (call $value (i32.load8_u offset=2 (i32.add (local.get $src) (local.get $i)))) (i32.const 6))
              (call $value (i32.load8_u offset=3 (i32.add (local.get $src) (local.get $i)))))))
        (i32.store8 (local.get $o) (i32.shr_u (local.get $x) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 1)))
        (if (i32.ne (i32.load8_u offset=2 (i32.add (local.get $src) (local.get $i))) (i32.const 61))
          (then
            (i32.store8 (local.get $o) (i32.shr_u (local.get $x) (i32.const 8)))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))))
        (if (i32.ne (i32.load8_u offset=3 (i32.add (local.get $src) (local.get $i))) (i32.const 61))
          (then
            (i32.store8 (local.get $o) (local.get $x))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $groups)))
    (i32.sub (local.get $o) (local.get $dst))))
