/*
 * Interrupt controllers and timers of the pc board. Counts and orders only, never times.
 *  1. 8259 pair re-initialised at vectors 0x20/0x28 (LAPIC LINT0 as ExtINT, virtual wire),
 *     PIT channel 0 in mode 2 at ~1 kHz: five ticks counted with STI;HLT, EOI per tick,
 *     ISR/IRR read through OCW3, masking through the IMR.
 *  2. Local APIC timer: periodic (five ticks), one-shot (exactly one), masked LVT (none),
 *     divide configuration read back, EOI.
 *  3. IOAPIC (8259 masked): PIT on pin 2, the RTC periodic interrupt on pin 8 (register C
 *     read to acknowledge), COM1 on pin 4 transmitting a line from its THRE interrupt.
 *  4. CMOS RTC status registers through the update-in-progress protocol (not the time).
 *  5. Port 0x61 and PIT channel 2: gate, mode 0, OUT2 rising.
 */
#include "runtime.h"

#define PIC1 0x20
#define PIC2 0xa0
#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CMD 0x43

#define LAPIC_ID 0x20
#define LAPIC_VER 0x30
#define LAPIC_TPR 0x80
#define LAPIC_EOI 0xb0
#define LAPIC_SVR 0xf0
#define LAPIC_ISR0 0x100
#define LAPIC_IRR0 0x200
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_LVT_LINT0 0x350
#define LAPIC_LVT_LINT1 0x360
#define LAPIC_LVT_ERROR 0x370
#define LAPIC_TICR 0x380
#define LAPIC_TCCR 0x390
#define LAPIC_TDCR 0x3e0

static volatile int pic_ticks, lapic_ticks, ioapic_ticks, rtc_ticks, spurious;
static volatile uint8_t isr_in_handler, irr_in_handler;

static void pic_init(uint8_t mask1, uint8_t mask2)
{
    outb(PIC1, 0x11); /* ICW1: edge, cascade, ICW4 */
    outb(PIC2, 0x11);
    outb(PIC1 + 1, 0x20); /* ICW2: vector base */
    outb(PIC2 + 1, 0x28);
    outb(PIC1 + 1, 0x04); /* ICW3: slave on IR2 */
    outb(PIC2 + 1, 0x02);
    outb(PIC1 + 1, 0x01); /* ICW4: 8086 mode */
    outb(PIC2 + 1, 0x01);
    outb(PIC1 + 1, mask1);
    outb(PIC2 + 1, mask2);
}

static void pic_tick(struct frame *f)
{
    (void)f;
    pic_ticks++;
    if (pic_ticks == 1) {
        outb(PIC1, 0x0b); /* OCW3: read ISR */
        isr_in_handler = inb(PIC1);
        outb(PIC1, 0x0a); /* OCW3: read IRR */
        irr_in_handler = inb(PIC1);
    }
    outb(PIC1, 0x20); /* non-specific EOI */
}

static void spurious_handler(struct frame *f)
{
    (void)f;
    spurious++;
}

static void wait_until(volatile int *counter, int n)
{
    while (*counter < n) {
        __asm__ volatile("sti\n\thlt\n\tcli" ::: "memory");
    }
}

static void pit_channel0(uint16_t divisor, uint8_t mode)
{
    outb(PIT_CMD, (uint8_t)(0x30 | mode << 1)); /* channel 0, lobyte/hibyte */
    outb(PIT_CH0, (uint8_t)divisor);
    outb(PIT_CH0, (uint8_t)(divisor >> 8));
}

static void test_pic(void)
{
    set_handler(0x20, pic_tick);
    set_handler(0x27, spurious_handler);
    set_handler(0x2f, spurious_handler);
    pit_channel0(1193, 2); /* ~1 kHz rate generator */
    pic_init(0xfe, 0xff); /* only IRQ0 */
    outb(PIC1, 0x0b);
    uint8_t isr0 = inb(PIC1);
    outb(PIC1, 0x0a);
    printf("8259: IMR %02x/%02x, ISR before %02x\n", inb(PIC1 + 1), inb(PIC2 + 1), isr0);
    wait_until(&pic_ticks, 5);
    outb(PIC1, 0x0b);
    uint8_t isr_after = inb(PIC1);
    outb(PIC1, 0x0a);
    printf("8259: %d ticks on vector 0x20; ISR in the first handler %02x, ISR after EOI %02x\n", pic_ticks,
           isr_in_handler, isr_after);
    /* masked: the tick stays pending in IRR and is delivered when unmasked */
    outb(PIC1 + 1, 0xff);
    for (volatile int i = 0; i < 2000000 && !(inb(PIC1) & 1); i++) {
    }
    uint8_t irr = inb(PIC1);
    pit_channel0(0xffff, 0); /* stop the ticks: mode 0, one terminal count ~55 ms away */
    int before = pic_ticks;
    __asm__ volatile("sti\n\tnop\n\tnop\n\tcli" ::: "memory");
    int while_masked = pic_ticks - before;
    outb(PIC1 + 1, 0xfe);
    __asm__ volatile("sti\n\tnop\n\tcli" ::: "memory");
    printf("8259 masked: IRR bit 0 %d, delivered while masked %d, delivered after unmasking %d\n", irr & 1,
           while_masked, pic_ticks - before - while_masked);
    outb(PIC1 + 1, 0xff);
    outb(PIC2 + 1, 0xff);
    set_handler(0x20, 0);
}

static void lapic_tick(struct frame *f)
{
    (void)f;
    lapic_ticks++;
    lapic_write(LAPIC_EOI, 0);
}

static void test_lapic(void)
{
    printf("LAPIC: ID %08x version %08x (max LVT %u)\n", lapic_read(LAPIC_ID), lapic_read(LAPIC_VER),
           (lapic_read(LAPIC_VER) >> 16) & 0xff);
    set_handler(0x40, lapic_tick);
    lapic_write(LAPIC_TDCR, 0x3); /* divide by 16 */
    printf("LAPIC: TDCR reads %x\n", lapic_read(LAPIC_TDCR));
    lapic_write(LAPIC_LVT_TIMER, 0x20040); /* periodic, vector 0x40 */
    lapic_write(LAPIC_TICR, 20000);
    wait_until(&lapic_ticks, 5);
    printf("LAPIC periodic: %d ticks, TICR %u, TCCR <= TICR %d\n", lapic_ticks, lapic_read(LAPIC_TICR),
           lapic_read(LAPIC_TCCR) <= 20000);
    lapic_write(LAPIC_LVT_TIMER, 0x10040); /* masked stops delivery */
    lapic_write(LAPIC_TICR, 0);
    __asm__ volatile("sti\n\tnop\n\tcli" ::: "memory"); /* a tick still pending is taken here */
    /* one-shot: exactly one interrupt, then TCCR stays 0 */
    lapic_ticks = 0;
    lapic_write(LAPIC_TDCR, 0xb); /* divide by 1 */
    lapic_write(LAPIC_LVT_TIMER, 0x00040);
    lapic_write(LAPIC_TICR, 50000);
    wait_until(&lapic_ticks, 1);
    for (volatile int i = 0; i < 200000; i++) {
    }
    __asm__ volatile("sti\n\tnop\n\tcli" ::: "memory");
    printf("LAPIC one-shot: %d interrupt(s), TCCR %u\n", lapic_ticks, lapic_read(LAPIC_TCCR));
    /* masked LVT: the count runs out, no interrupt */
    lapic_ticks = 0;
    lapic_write(LAPIC_LVT_TIMER, 0x10040);
    lapic_write(LAPIC_TICR, 1000);
    while (lapic_read(LAPIC_TCCR) != 0) {
    }
    __asm__ volatile("sti\n\tnop\n\tnop\n\tcli" ::: "memory");
    printf("LAPIC masked one-shot: %d interrupts, TCCR %u, LVT %05x\n", lapic_ticks, lapic_read(LAPIC_TCCR),
           lapic_read(LAPIC_LVT_TIMER));
    /* TPR blocks interrupts of lower or equal priority class */
    lapic_write(LAPIC_TPR, 0x40);
    lapic_write(LAPIC_LVT_TIMER, 0x00040);
    lapic_write(LAPIC_TICR, 1000);
    /* wait for the request itself (TCCR may reach 0 a little before it is raised) */
    for (long i = 0; i < 100000000L && !(lapic_read(LAPIC_IRR0 + 0x20) & 1); i++) {
    }
    __asm__ volatile("sti\n\tnop\n\tnop\n\tcli" ::: "memory");
    int blocked = lapic_ticks;
    uint32_t irr = lapic_read(LAPIC_IRR0 + 0x20); /* vectors 0x40-0x5f */
    lapic_write(LAPIC_TPR, 0);
    __asm__ volatile("sti\n\tnop\n\tnop\n\tcli" ::: "memory");
    printf("LAPIC TPR 0x40: delivered %d, IRR bit %u; after TPR 0: delivered %d\n", blocked, irr & 1, lapic_ticks);
    lapic_write(LAPIC_LVT_TIMER, 0x10040);
    set_handler(0x40, 0);
}

/* ---- IOAPIC ---- */
static void ioapic_route(int pin, uint8_t vector, int level, int masked)
{
    ioapic_write(0x10 + 2 * pin + 1, 0u << 24); /* destination APIC ID 0 */
    ioapic_write(0x10 + 2 * pin, vector | (level ? 1u << 15 : 0) | (masked ? 1u << 16 : 0));
}

static void ioapic_tick(struct frame *f)
{
    (void)f;
    ioapic_ticks++;
    lapic_write(LAPIC_EOI, 0);
}

static void rtc_irq(struct frame *f)
{
    (void)f;
    rtc_ticks++;
    outb(0x70, 0x0c);
    (void)inb(0x71); /* reading C acknowledges the RTC */
    lapic_write(LAPIC_EOI, 0);
}

/* COM1 transmit from the THRE interrupt */
static const char *tx_text = "sent from the COM1 THRE interrupt through IOAPIC pin 4\n";
static volatile int tx_pos, tx_irqs;
static volatile uint8_t tx_iir[4];
static void com1_irq(struct frame *f)
{
    (void)f;
    uint8_t iir = inb(COM1 + 2);
    if (tx_irqs < 4) {
        tx_iir[tx_irqs] = iir;
    }
    tx_irqs++;
    if ((iir & 0x0f) == 0x02) { /* THR empty */
        /* the FIFO takes 16 bytes per interrupt */
        for (int i = 0; i < 16 && tx_text[tx_pos]; i++) {
            outb(COM1, (uint8_t)tx_text[tx_pos++]);
        }
        if (!tx_text[tx_pos]) {
            outb(COM1 + 1, 0x00); /* IER: no more THRE interrupts */
        }
    }
    lapic_write(LAPIC_EOI, 0);
}

static void test_ioapic(void)
{
    uint32_t ver = ioapic_read(0x01);
    printf("IOAPIC: ID %08x version %02x, %u redirection entries\n", ioapic_read(0x00), ver & 0xff,
           ((ver >> 16) & 0xff) + 1);
    printf("IOAPIC: pin 2 after reset %08x\n", ioapic_read(0x14) & 0x1ffff);
    set_handler(0x50, ioapic_tick);
    pit_channel0(1193, 2);
    ioapic_route(2, 0x50, 0, 0);
    wait_until(&ioapic_ticks, 3);
    ioapic_route(2, 0x50, 0, 1);
    printf("IOAPIC pin 2 (PIT): %d ticks on vector 0x50\n", ioapic_ticks);
    /* RTC periodic interrupt: rate 6 (1024 Hz), PIE */
    set_handler(0x58, rtc_irq);
    outb(0x70, 0x0a);
    uint8_t a = inb(0x71);
    outb(0x70, 0x0a);
    outb(0x71, (uint8_t)((a & 0xf0) | 0x06));
    outb(0x70, 0x0b);
    uint8_t b = inb(0x71);
    outb(0x70, 0x0c);
    (void)inb(0x71);
    outb(0x70, 0x0b);
    outb(0x71, (uint8_t)(b | 0x40));
    ioapic_route(8, 0x58, 0, 0);
    wait_until(&rtc_ticks, 3);
    outb(0x70, 0x0b);
    outb(0x71, b);
    ioapic_route(8, 0x58, 0, 1);
    outb(0x70, 0x0c);
    (void)inb(0x71);
    printf("IOAPIC pin 8 (RTC periodic): %d interrupts on vector 0x58\n", rtc_ticks);
    /* COM1 THRE interrupt */
    set_handler(0x54, com1_irq);
    ioapic_route(4, 0x54, 0, 0);
    outb(COM1 + 4, 0x0b); /* MCR: DTR, RTS, OUT2 (the IRQ gate on PC serial cards) */
    outb(COM1 + 1, 0x02); /* IER: THRE */
    while (tx_text[tx_pos] || (inb(COM1 + 1) & 0x02)) {
        __asm__ volatile("sti\n\thlt\n\tcli" ::: "memory");
    }
    ioapic_route(4, 0x54, 0, 1);
    outb(COM1 + 4, 0x03);
    while (!(inb(COM1 + 5) & 0x40)) { /* transmitter empty */
    }
    printf("COM1: %d characters sent from interrupts, first IIR %02x\n", tx_pos, tx_iir[0]);
}

static uint8_t cmos(uint8_t reg)
{
    outb(0x70, reg);
    return inb(0x71);
}

static void test_rtc(void)
{
    /* the update-in-progress protocol: wait for UIP=0, read, read again until equal */
    int waited = 0;
    while (cmos(0x0a) & 0x80) {
        waited = 1;
    }
    uint8_t s1, m1, h1, s2, m2, h2;
    int rounds = 0;
    do {
        s1 = cmos(0x00);
        m1 = cmos(0x02);
        h1 = cmos(0x04);
        while (cmos(0x0a) & 0x80) {
        }
        s2 = cmos(0x00);
        m2 = cmos(0x02);
        h2 = cmos(0x04);
        rounds++;
    } while (s1 != s2 || m1 != m2 || h1 != h2);
    (void)waited;
    (void)rounds;
    printf("RTC: register A %02x (UIP masked), B %02x, D %02x; time read consistently\n", cmos(0x0a) & 0x7f,
           cmos(0x0b), cmos(0x0d));
    /* BCD fields are in range */
    printf("RTC: seconds/minutes/hours are valid BCD: %d\n",
           (s2 & 0xf) < 10 && (s2 >> 4) < 6 && (m2 & 0xf) < 10 && (m2 >> 4) < 6 && (h2 & 0xf) < 10 && (h2 >> 4) < 3);
    /* NVRAM: a scratch byte written and read back */
    outb(0x70, 0x7e);
    uint8_t keep = inb(0x71);
    outb(0x70, 0x7e);
    outb(0x71, 0xa5);
    printf("CMOS byte 0x7e write/read: %02x\n", cmos(0x7e));
    outb(0x70, 0x7e);
    outb(0x71, keep);
}

static void test_port61(void)
{
    uint8_t p = inb(0x61);
    outb(0x61, (uint8_t)(p & ~0x03)); /* gate off, speaker off */
    outb(PIT_CMD, 0xb0);              /* channel 2, lobyte/hibyte, mode 0 */
    outb(PIT_CH2, 0x00);
    outb(PIT_CH2, 0x10); /* 4096 */
    uint8_t out_before = inb(0x61) & 0x20;
    outb(0x61, (uint8_t)((p & ~0x02) | 0x01)); /* gate on */
    long spins = 0;
    while (!(inb(0x61) & 0x20) && spins < 100000000L) {
        spins++;
    }
    printf("port 0x61: OUT2 after programming mode 0 %d, rose after gating %d\n", out_before != 0,
           (inb(0x61) & 0x20) != 0);
    /* read-back: latch channel 2 status: mode 0, lobyte/hibyte, OUT high */
    outb(PIT_CMD, 0xe8); /* read-back, latch status only, channel 2 */
    uint8_t status = inb(PIT_CH2);
    printf("PIT channel 2 status %02x (OUT, access, mode, BCD)\n", status & 0xbf);
    outb(0x61, p & (uint8_t)~0x03);
}

int main(void)
{
    /* virtual wire: LAPIC enabled, LINT0 = ExtINT (the 8259), LINT1 = NMI, errors masked */
    set_handler(0xff, spurious_handler);
    lapic_write(LAPIC_SVR, 0x1ff);
    lapic_write(LAPIC_LVT_LINT0, 0x700);
    lapic_write(LAPIC_LVT_LINT1, 0x400);
    lapic_write(LAPIC_LVT_ERROR, 0x10000);
    lapic_write(LAPIC_TPR, 0);
    test_pic();
    test_lapic();
    test_ioapic();
    test_rtc();
    test_port61();
    printf("spurious interrupts: %d\n", spurious);
    printf("interrupts done\n");
    return 0;
}
