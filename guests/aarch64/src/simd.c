/*
 * Integer SIMD: loops GCC auto-vectorises at -O2 (sums, memcpy-like copies, saxpy-like integer
 * kernels, min/max, byte histogram-style counting) and explicit Advanced SIMD intrinsics
 * (structure loads/stores, table lookup, permutes, saturating and widening arithmetic,
 * across-lane reductions, compares and bit selects, shifts by immediate and register,
 * float vectors and conversions). Results are printed as hex.
 */
#include <arm_neon.h>
#include "runtime.h"

#define N 1024
static uint8_t b8[N] __attribute__((aligned(16)));
static uint8_t c8[N] __attribute__((aligned(16)));
static int16_t h16[N] __attribute__((aligned(16)));
static int32_t w32[N] __attribute__((aligned(16)));
static int32_t x32[N] __attribute__((aligned(16)));
static uint64_t d64[N] __attribute__((aligned(16)));
static uint32_t histogram[16];

static void init(void)
{
    uint32_t s = 12345;
    for (int i = 0; i < N; i++) {
        s = s * 1103515245u + 12345u;
        b8[i] = (uint8_t)(s >> 16);
        h16[i] = (int16_t)(s >> 8);
        w32[i] = (int32_t)s;
        d64[i] = (uint64_t)s * 0x9e3779b97f4a7c15UL;
    }
}

/* --- auto-vectorised loops (fixed trip counts so GCC's -O2 cost model vectorises them) --- */
static uint32_t sum_bytes(void) { uint32_t t = 0; for (int i = 0; i < N; i++) t += b8[i]; return t; }
static int32_t sum_halves(void) { int32_t t = 0; for (int i = 0; i < N; i++) t += h16[i]; return t; }
static uint64_t xor_words(void) { uint64_t t = 0; for (int i = 0; i < N; i++) t ^= d64[i]; return t; }
static void copy_bytes(void) { for (int i = 0; i < N; i++) c8[i] = b8[i]; }
static void axpy(int32_t a) { for (int i = 0; i < N; i++) x32[i] = a * w32[i] + (w32[i] >> 3); }
static int32_t max_words(void) { int32_t m = w32[0]; for (int i = 0; i < N; i++) m = w32[i] > m ? w32[i] : m; return m; }
static void add_sat(void) { for (int i = 0; i < N; i++) { unsigned v = b8[i] + c8[i]; c8[i] = v > 255 ? 255 : (uint8_t)v; } }
static void abs_diff(void) { for (int i = 0; i < N; i++) { int d = b8[i] - c8[(i * 7) & (N - 1)]; c8[i] = (uint8_t)(d < 0 ? -d : d); } }
static void hist(void) { for (int i = 0; i < N; i++) histogram[b8[i] >> 4]++; }

static uint32_t hash_bytes(const uint8_t *p, int n)
{
    uint32_t h = 0x811c9dc5u;
    for (int i = 0; i < n; i++) h = (h ^ p[i]) * 0x01000193u;
    return h;
}

static void auto_vectorised(void)
{
    printf("sum bytes %08x\n", sum_bytes());
    printf("sum halves %08x\n", (uint32_t)sum_halves());
    printf("xor words %016lx\n", xor_words());
    copy_bytes();
    printf("copy hash %08x\n", hash_bytes(c8, N));
    axpy(-77);
    printf("axpy hash %08x\n", hash_bytes((const uint8_t *)x32, sizeof x32));
    printf("max word %08x\n", (uint32_t)max_words());
    add_sat();
    printf("add sat hash %08x\n", hash_bytes(c8, N));
    abs_diff();
    printf("abs diff hash %08x\n", hash_bytes(c8, N));
    hist();
    printf("histogram");
    for (int i = 0; i < 16; i++) printf(" %u", histogram[i]);
    printf("\n");
}

/* --- explicit intrinsics --- */
/* prints any 128-bit vector as two 64-bit halves, high half first */
#define PQ(name, v)                                                                         \
    do {                                                                                    \
        __typeof__(v) _t = (v);                                                             \
        uint64_t _q[2];                                                                     \
        __builtin_memcpy(_q, &_t, 16);                                                      \
        printf("%-10s %016lx%016lx\n", name, _q[1], _q[0]);                                 \
    } while (0)
#define P8 PQ

static void intrinsics(void)
{
    uint8x16_t a = vld1q_u8(b8), b = vld1q_u8(b8 + 16);
    int16x8_t h = vld1q_s16(h16), g = vld1q_s16(h16 + 8);
    int32x4_t w = vld1q_s32(w32), v = vld1q_s32(w32 + 4);
    P8("a", a);
    P8("b", b);
    P8("add", vaddq_u8(a, b));
    P8("qadd", vqaddq_u8(a, b));
    P8("qsub", vqsubq_u8(a, b));
    P8("hadd", vhaddq_u8(a, b));
    P8("rhadd", vrhaddq_u8(a, b));
    P8("abd", vabdq_u8(a, b));
    P8("min", vminq_u8(a, b));
    P8("cnt", vcntq_u8(a));
    P8("clz", vclzq_u8(a));
    P8("rbit", vrbitq_u8(a));
    P8("rev64", vrev64q_u8(a));
    P8("cmhi", vcgtq_u8(a, b));
    P8("cmtst", vtstq_u8(a, b));
    P8("bsl", vbslq_u8(vcgtq_u8(a, b), a, vmvnq_u8(b)));
    P8("tbl", vqtbl1q_u8(a, vandq_u8(b, vdupq_n_u8(0x1f))));
    P8("tbx", vqtbx1q_u8(b, a, vandq_u8(a, vdupq_n_u8(0x1f))));
    P8("ext5", vextq_u8(a, b, 5));
    P8("zip1", vzip1q_u8(a, b));
    P8("uzp2", vuzp2q_u8(a, b));
    P8("trn1", vtrn1q_u8(a, b));
    P8("shl3", vshlq_n_u8(a, 3));
    P8("ushr5", vshrq_n_u8(a, 5));
    P8("sshr2", vreinterpretq_u8_s8(vshrq_n_s8(vreinterpretq_s8_u8(a), 2)));
    P8("sri", vsriq_n_u8(a, b, 3));
    P8("ushl", vshlq_u8(a, vreinterpretq_s8_u8(vsubq_u8(vandq_u8(b, vdupq_n_u8(7)), vdupq_n_u8(3)))));
    P8("mul", vmulq_u8(a, b));
    P8("mla", vmlaq_u8(a, a, b));
    P8("pmul", vreinterpretq_u8_p8(vmulq_p8(vreinterpretq_p8_u8(a), vreinterpretq_p8_u8(b))));
    PQ("h qdmulh", (vqdmulhq_s16(h, g)));
    PQ("h qrdmulh", (vqrdmulhq_s16(h, g)));
    PQ("h qshl", (vqshlq_n_s16(h, 4)));
    PQ("h qmovn", (vcombine_s8(vqmovn_s16(h), vqmovn_s16(g))));
    PQ("h qmovun", (vcombine_u8(vqmovun_s16(h), vqmovun_s16(g))));
    PQ("h abs", (vqabsq_s16(h)));
    PQ("h mull", (vmull_s16(vget_low_s16(h), vget_low_s16(g))));
    PQ("h addl2", (vaddl_high_s16(h, g)));
    PQ("w mul", (vmulq_s32(w, v)));
    PQ("w mls lane", (vmlsq_laneq_s32(w, v, w, 3)));
    PQ("w umull2", (vmull_high_u32(vreinterpretq_u32_s32(w), vreinterpretq_u32_s32(v))));
    PQ("w shrn", (vcombine_s16(vshrn_n_s32(w, 9), vrshrn_n_s32(v, 16))));
    PQ("w cmge", (vcgeq_s32(w, v)));
    PQ("w neg", (vnegq_s32(w)));
    PQ("d add", (vaddq_u64(vld1q_u64(d64), vld1q_u64(d64 + 2))));
    PQ("d cmgt", (vcgtq_s64(vld1q_s64((const int64_t *)d64), vld1q_s64((const int64_t *)d64 + 2))));
    PQ("d sshl", (vshlq_s64(vld1q_s64((const int64_t *)d64), vdupq_n_s64(-13))));
    printf("addv %02x uaddlv %04x smaxv %08x uminv %04x addp %016lx\n", vaddvq_u8(a), vaddlvq_u8(a),
           (uint32_t)vmaxvq_s32(w), vminvq_u16(vreinterpretq_u16_s16(h)),
           vgetq_lane_u64(vpaddq_u64(vld1q_u64(d64), vld1q_u64(d64 + 2)), 1));
    printf("umov lane %02x %04x %08x dup %016lx\n", vgetq_lane_u8(a, 13), (uint16_t)vgetq_lane_s16(h, 6),
           (uint32_t)vgetq_lane_s32(w, 2), vgetq_lane_u64(vreinterpretq_u64_u16(vdupq_n_u16(0xbeef)), 0));

    /* structure loads/stores: de-interleave 3 channels and interleave them back */
    uint8x16x3_t rgb = vld3q_u8(b8);
    P8("ld3.0", rgb.val[0]);
    P8("ld3.2", rgb.val[2]);
    uint8_t out[64];
    uint8x16x4_t quad = { { rgb.val[2], rgb.val[1], rgb.val[0], vdupq_n_u8(0xff) } };
    vst4q_u8(out, quad);
    printf("st4 hash %08x\n", hash_bytes(out, 64));
    int16x8x2_t pair = vld2q_s16(h16);
    PQ("ld2.1", (pair.val[1]));
    uint32x4_t lanes = vld1q_dup_u32((const uint32_t *)w32 + 9);
    lanes = vld1q_lane_u32((const uint32_t *)w32 + 3, lanes, 2);
    PQ("ld1r/lane", (lanes));

    /* float vectors */
    float32x4_t f = vcvtq_f32_s32(vshrq_n_s32(w, 12)), e = vcvtq_f32_s32(vshrq_n_s32(v, 16));
    PQ("f cvt", (f));
    PQ("f fma", (vfmaq_f32(f, f, e)));
    PQ("f div", (vdivq_f32(f, e)));
    PQ("f sqrt", (vsqrtq_f32(vabsq_f32(f))));
    PQ("f recpe", (vrecpeq_f32(e)));
    PQ("f rsqrte", (vrsqrteq_f32(vabsq_f32(e))));
    PQ("f cvtzs", (vcvtq_s32_f32(vmulq_n_f32(f, 0.37f))));
    PQ("f cvtn", (vcvtnq_s32_f32(vmulq_n_f32(f, 0.37f))));
    PQ("f maxnm", (vmaxnmq_f32(f, e)));
    PQ("f cmgt", (vcgtq_f32(f, e)));
    float64x2_t dd = vcvt_f64_f32(vget_low_f32(f));
    PQ("d cvtl", (dd));
    PQ("d fmul", (vmulq_f64(dd, vdupq_n_f64(1.0 / 3.0))));
    PQ("d cvtn", (vcombine_f32(vcvt_f32_f64(vmulq_f64(dd, vdupq_n_f64(1.0 / 3.0))), vget_high_f32(f))));
    printf("faddp %08x fmaxv %08x\n", vgetq_lane_u32(vreinterpretq_u32_f32(vpaddq_f32(f, e)), 0),
           vgetq_lane_u32(vreinterpretq_u32_f32(vdupq_n_f32(vmaxvq_f32(f))), 0));
}

int main(void)
{
    printf("== simd\n");
    init();
    auto_vectorised();
    intrinsics();
    printf("== simd done\n");
    return 0;
}
