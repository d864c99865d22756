/*
 * Timer interrupts: GPTIMER timer 0 as a periodic 1 ms tick (IRQ 6, tt 0x16) and timer 1 as a
 * one-shot at 5.5 ms (IRQ 7, tt 0x17), unmasked in IRQMP for CPU 0. The main loop sleeps in
 * LEON3 power-down (wr %asr19) between ticks. Only tick numbers and order-independent facts
 * are printed, so the output does not depend on host speed.
 *
 * QEMU's PROM stub leaves the scaler reload at 39 (1 MHz ticks from 40 MHz) and timer 0
 * running with reload 0xfffffffe and no interrupt; we reprogram timer 0 and use timer 1.
 * IRQMP pending bits are cleared by the CPU's interrupt acknowledge, not by this handler.
 */
#include "leon3.h"

#define TICKS 20
#define TIMER0_IRQ 6
#define TIMER1_IRQ 7

static volatile uint32_t ticks, oneshot_at_tick, oneshot_count;

static void timer0_handler(struct trap_frame *f)
{
    ticks++;
    /* clear the timer's own IP bit (write 1 to clear); keep it running */
    mmio_write32(GPTIMER_BASE + GPTIMER_CTRL(0),
                 GPTIMER_CTRL_EN | GPTIMER_CTRL_RS | GPTIMER_CTRL_IE | GPTIMER_CTRL_IP);
}

static void timer1_handler(struct trap_frame *f)
{
    oneshot_count++;
    oneshot_at_tick = ticks;
    mmio_write32(GPTIMER_BASE + GPTIMER_CTRL(1), GPTIMER_CTRL_IP);
}

/* Recursion deeper than the 8 windows, so ticks interrupt it in every window state. */
__attribute__((noipa)) static uint32_t churn(uint32_t depth, uint32_t v)
{
    if (depth == 0) {
        return v;
    }
    uint32_t r = churn(depth - 1, v * 2654435761u + depth);
    return ((r << 7) | (r >> 25)) ^ v;
}

int main(void)
{
    printf("timer start\n");
    uint32_t config = mmio_read32(GPTIMER_BASE + GPTIMER_CONFIG);
    printf("gptimer: timers=%u irq=%u separate=%u scaler reload=%u\n", config & 7,
           (config >> 3) & 31, (config >> 8) & 1,
           mmio_read32(GPTIMER_BASE + GPTIMER_SCALER_RELOAD));

    uint32_t reference[4];
    for (uint32_t k = 0; k < 4; k++) {
        reference[k] = churn(20, k);
    }
    trap_set_handler(TT_INTERRUPT(TIMER0_IRQ), timer0_handler);
    trap_set_handler(TT_INTERRUPT(TIMER1_IRQ), timer1_handler);
    irq_set_pil(15);

    /* timer 0: 1000 scaler ticks per underflow = 1 ms; timer 1: one shot after 5.5 ms */
    mmio_write32(GPTIMER_BASE + GPTIMER_CTRL(0), 0);
    mmio_write32(GPTIMER_BASE + GPTIMER_RELOAD(0), 999);
    mmio_write32(GPTIMER_BASE + GPTIMER_RELOAD(1), 5499);
    mmio_write32(IRQMP_BASE + IRQMP_CLEAR, 0xfffe);
    mmio_write32(IRQMP_BASE + IRQMP_MASK(0), (1u << TIMER0_IRQ) | (1u << TIMER1_IRQ));
    mmio_write32(GPTIMER_BASE + GPTIMER_CTRL(0),
                 GPTIMER_CTRL_EN | GPTIMER_CTRL_RS | GPTIMER_CTRL_LD | GPTIMER_CTRL_IE);
    mmio_write32(GPTIMER_BASE + GPTIMER_CTRL(1),
                 GPTIMER_CTRL_EN | GPTIMER_CTRL_LD | GPTIMER_CTRL_IE);
    irq_set_pil(0);

    /* first half: sleep in power-down; second half: busy recursion that the ticks interrupt,
       each result checked against the value computed before interrupts were on */
    uint32_t sleeps = 0, busy_errors = 0, busy_runs = 0;
    for (uint32_t i = 1; i <= TICKS; i++) {
        while (ticks < i) {
            if (i <= TICKS / 2) {
                cpu_powerdown();
                sleeps++;
            } else {
                busy_errors += churn(20, i & 3) != reference[i & 3];
                busy_runs++;
            }
        }
        printf("tick %u\n", i);
    }
    irq_set_pil(15);
    mmio_write32(GPTIMER_BASE + GPTIMER_CTRL(0), 0);
    mmio_write32(GPTIMER_BASE + GPTIMER_CTRL(1), 0);
    mmio_write32(IRQMP_BASE + IRQMP_MASK(0), 0);
    /* QEMU's timers follow host time, so only facts that hold under any host load are
       printed: the 5.5 ms one-shot fired exactly once, before the 20th 1 ms tick. */
    printf("one-shot fired %u time(s), before tick %u: %s\n", oneshot_count, TICKS,
           oneshot_at_tick < TICKS ? "yes" : "no");
    printf("powered down: %s\n", sleeps > 0 ? "yes" : "no");
    printf("interrupted recursion: ran %s, errors %u\n", busy_runs > 0 ? "yes" : "no",
           busy_errors);
    printf("timer done\n");
    return 0;
}
