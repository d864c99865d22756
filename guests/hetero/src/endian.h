/*
 * endian protocol, shared by both halves. The aarch64 (little endian) fills the request area
 * of SRAM; the SPARC (big endian) answers in the reply area in its own byte order.
 *
 *   SRAM + 0x000  request header, 4 x u32 LE: magic, n32, n16, string length
 *   SRAM + 0x100  n32 x u32 LE            SRAM + 0x200  n16 x u16 LE
 *   SRAM + 0x300  NUL-terminated string (bytes have no byte order)
 *   SRAM + 0x800  reply header, 4 x u32 BE: magic, n32, n16, errors the SPARC found
 *   SRAM + 0x900  n32 x u32 BE: v + 1     SRAM + 0xA00  n16 x u16 BE: h + 1
 *   SRAM + 0xB00  the string in upper case
 */
#ifndef CHIMERA_ENDIAN_H
#define CHIMERA_ENDIAN_H

#include <stdint.h>
#include "soc.h"

#define EN_REQ_HDR   (SOC_SRAM_BASE + 0x000u)
#define EN_REQ_U32   (SOC_SRAM_BASE + 0x100u)
#define EN_REQ_U16   (SOC_SRAM_BASE + 0x200u)
#define EN_REQ_STR   (SOC_SRAM_BASE + 0x300u)
#define EN_REP_HDR   (SOC_SRAM_BASE + 0x800u)
#define EN_REP_U32   (SOC_SRAM_BASE + 0x900u)
#define EN_REP_U16   (SOC_SRAM_BASE + 0xA00u)
#define EN_REP_STR   (SOC_SRAM_BASE + 0xB00u)

#define EN_REQ_MAGIC 0x454e4449u   /* "ENDI" */
#define EN_REP_MAGIC 0x53504152u   /* "SPAR" */

#define EN_N32 8u
#define EN_N16 6u
static const uint32_t en_u32[EN_N32] = {
    0x00000001u, 0x12345678u, 0xdeadbeefu, 0x80000000u,
    0x000000ffu, 0x01020304u, 0xfffffffeu, 0x7f00ff80u,
};
static const uint16_t en_u16[EN_N16] = { 0x0001u, 0x1234u, 0xbeefu, 0x8000u, 0x00ffu, 0xfffeu };
static const char en_text[] = "Chimera: little-endian aarch64 -> big-endian SPARC";

/** What the SPARC returns for each value. */
static inline uint32_t en_answer32(uint32_t v) { return v + 1u; }
static inline uint16_t en_answer16(uint16_t h) { return (uint16_t)(h + 1u); }
static inline char en_upper(char c) { return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c; }

#endif
