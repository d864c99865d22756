/*
 * Device-tree probe: booted as a Linux Image, it reads the flattened device tree whose address
 * the boot protocol left in x0 and prints what a kernel would look for: the boot registers,
 * the header, the root, /chosen (command line, initrd, console), memory, CPUs and their enable
 * method, PSCI, the timer's interrupts, and every device of QEMU virt that Chimera also has
 * (GIC, GICv2m, PL011, PL031, PL061, gpio-keys, virtio-mmio), with references followed to the
 * node they name. Nodes QEMU has and Chimera leaves out (flash, fw-cfg, PCIe) are not printed,
 * so the output is the same on both.
 */
#include "runtime.h"

extern uint64_t boot_regs[4];

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

static const uint8_t *fdt;
static const uint8_t *strings;
static uint32_t struct_off, struct_size;

static uint32_t be32(const void *p)
{
    const uint8_t *b = p;
    return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

static int str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) { a++; b++; }
    return *a == *b;
}

static int str_len(const char *s) { int n = 0; while (s[n]) n++; return n; }

/* A node: offset of its FDT_BEGIN_NODE token in the structure block. */
typedef uint32_t node_t;
#define NO_NODE 0xffffffffu

static uint32_t align4(uint32_t n) { return (n + 3) & ~3u; }

static const char *node_name(node_t n) { return (const char *)(fdt + struct_off + n + 4); }

/* Offset just after a node's name, where its properties start. */
static uint32_t node_body(node_t n) { return n + 4 + align4(str_len(node_name(n)) + 1); }

/* Skip one node with its subtree; returns the offset after its FDT_END_NODE. */
static uint32_t skip_node(node_t n)
{
    uint32_t p = node_body(n);
    for (;;) {
        uint32_t tok = be32(fdt + struct_off + p);
        if (tok == FDT_PROP) p += 12 + align4(be32(fdt + struct_off + p + 4));
        else if (tok == FDT_NOP) p += 4;
        else if (tok == FDT_BEGIN_NODE) p = skip_node(p);
        else return p + 4; /* FDT_END_NODE */
    }
}

static const uint8_t *get_prop(node_t n, const char *name, uint32_t *len)
{
    uint32_t p = node_body(n);
    for (;;) {
        uint32_t tok = be32(fdt + struct_off + p);
        if (tok == FDT_NOP) { p += 4; continue; }
        if (tok != FDT_PROP) return 0;
        uint32_t l = be32(fdt + struct_off + p + 4);
        if (str_eq((const char *)(strings + be32(fdt + struct_off + p + 8)), name)) {
            if (len) *len = l;
            return fdt + struct_off + p + 12;
        }
        p += 12 + align4(l);
    }
}

/* Children: the first, then the next sibling. */
static node_t first_child(node_t n)
{
    uint32_t p = node_body(n);
    for (;;) {
        uint32_t tok = be32(fdt + struct_off + p);
        if (tok == FDT_PROP) p += 12 + align4(be32(fdt + struct_off + p + 4));
        else if (tok == FDT_NOP) p += 4;
        else return tok == FDT_BEGIN_NODE ? p : NO_NODE;
    }
}

static node_t next_sibling(node_t n)
{
    uint32_t p = skip_node(n);
    while (be32(fdt + struct_off + p) == FDT_NOP) p += 4;
    return be32(fdt + struct_off + p) == FDT_BEGIN_NODE ? p : NO_NODE;
}

static node_t child_named(node_t n, const char *name)
{
    for (node_t c = first_child(n); c != NO_NODE; c = next_sibling(c))
        if (str_eq(node_name(c), name)) return c;
    return NO_NODE;
}

/* The path of a node, found by searching from the root (tree depth is small). */
static int path_of(node_t root, node_t target, char *out, int at)
{
    if (root == target) { out[at] = 0; return 1; }
    for (node_t c = first_child(root); c != NO_NODE; c = next_sibling(c)) {
        const char *nm = node_name(c);
        int k = at;
        out[k++] = '/';
        while (*nm) out[k++] = *nm++;
        if (path_of(c, target, out, k)) return 1;
    }
    return 0;
}

static node_t by_phandle(node_t n, uint32_t ph)
{
    uint32_t len;
    const uint8_t *v = get_prop(n, "phandle", &len);
    if (v && len == 4 && be32(v) == ph) return n;
    for (node_t c = first_child(n); c != NO_NODE; c = next_sibling(c)) {
        node_t f = by_phandle(c, ph);
        if (f != NO_NODE) return f;
    }
    return NO_NODE;
}

static node_t root;

static void print_ref(uint32_t ph)
{
    char path[256];
    node_t n = by_phandle(root, ph);
    if (n == NO_NODE || !path_of(root, n, path, 0)) printf("<no node with phandle>");
    else printf("&%s", path[0] ? path : "/");
}

static void print_strings(node_t n, const char *name)
{
    uint32_t len;
    const uint8_t *v = get_prop(n, name, &len);
    printf("  %s =", name);
    if (!v) { printf(" (absent)\n"); return; }
    for (uint32_t i = 0; i < len; i += str_len((const char *)v + i) + 1) printf(" \"%s\"", (const char *)v + i);
    printf("\n");
}

static void print_cells(node_t n, const char *name)
{
    uint32_t len;
    const uint8_t *v = get_prop(n, name, &len);
    printf("  %s =", name);
    if (!v) { printf(" (absent)\n"); return; }
    printf(" <");
    for (uint32_t i = 0; i + 4 <= len; i += 4) printf("%s0x%x", i ? " " : "", be32(v + i));
    printf(">\n");
}

/* A property holding phandles (clocks, interrupt-parent): print the nodes they name. */
static void print_refs(node_t n, const char *name)
{
    uint32_t len;
    const uint8_t *v = get_prop(n, name, &len);
    if (!v) return;
    printf("  %s =", name);
    for (uint32_t i = 0; i + 4 <= len; i += 4) { printf(" "); print_ref(be32(v + i)); }
    printf("\n");
}

static int has_compatible(node_t n, const char *want)
{
    uint32_t len;
    const uint8_t *v = get_prop(n, "compatible", &len);
    if (!v) return 0;
    for (uint32_t i = 0; i < len; i += str_len((const char *)v + i) + 1)
        if (str_eq((const char *)v + i, want)) return 1;
    return 0;
}

static void print_device(node_t n, const char *label)
{
    char path[256];
    path_of(root, n, path, 0);
    printf("%s %s\n", label, path);
    print_strings(n, "compatible");
    print_cells(n, "reg");
    print_cells(n, "interrupts");
    print_refs(n, "interrupt-parent");
    print_refs(n, "clocks");
    if (get_prop(n, "clock-names", 0)) print_strings(n, "clock-names");
    static const char *const optional_cells[] = { "#interrupt-cells", "#gpio-cells", "#clock-cells", "clock-frequency" };
    for (unsigned i = 0; i < sizeof optional_cells / sizeof optional_cells[0]; i++)
        if (get_prop(n, optional_cells[i], 0)) print_cells(n, optional_cells[i]);
    static const char *const flags[] = { "interrupt-controller", "msi-controller", "gpio-controller" };
    for (unsigned i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (get_prop(n, flags[i], 0)) printf("  %s\n", flags[i]);
}

/* Every node (depth first) with one of these compatibles, in a fixed order of compatibles. */
static void print_all(node_t n, const char *compat, const char *label, int *count)
{
    if (has_compatible(n, compat)) {
        (*count)++;
        print_device(n, label);
    }
    for (node_t c = first_child(n); c != NO_NODE; c = next_sibling(c)) print_all(c, compat, label, count);
}

int main(void)
{
    printf("x0=0x%lx x1=0x%lx x2=0x%lx x3=0x%lx\n", boot_regs[0], boot_regs[1], boot_regs[2], boot_regs[3]);
    fdt = (const uint8_t *)boot_regs[0];
    if (!fdt || be32(fdt) != 0xd00dfeed) {
        printf("no device tree at x0\n");
        return 0;
    }
    struct_off = be32(fdt + 8);
    strings = fdt + be32(fdt + 12);
    struct_size = be32(fdt + 36);
    printf("fdt: version %u, last compatible %u, boot cpu %u, %s\n", be32(fdt + 20), be32(fdt + 24), be32(fdt + 28),
           be32(fdt + 4) <= 2 * 1024 * 1024 ? "at most 2 MiB" : "too big");
    root = 0;

    printf("/\n");
    print_cells(root, "#address-cells");
    print_cells(root, "#size-cells");
    print_strings(root, "compatible");
    print_strings(root, "model");
    print_refs(root, "interrupt-parent");

    node_t chosen = child_named(root, "chosen");
    printf("/chosen\n");
    print_strings(chosen, "bootargs");
    print_strings(chosen, "stdout-path");
    print_cells(chosen, "linux,initrd-start");
    print_cells(chosen, "linux,initrd-end");
    uint32_t len = 0;
    printf("  rng-seed: %u bytes\n", get_prop(chosen, "rng-seed", &len) ? len : 0);

    node_t mem = child_named(root, "memory@40000000");
    printf("/memory@40000000\n");
    print_strings(mem, "device_type");
    print_cells(mem, "reg");

    node_t cpus = child_named(root, "cpus");
    printf("/cpus\n");
    print_cells(cpus, "#address-cells");
    print_cells(cpus, "#size-cells");
    for (node_t c = first_child(cpus); c != NO_NODE; c = next_sibling(c)) {
        if (!get_prop(c, "device_type", 0)) continue; /* cpu-map */
        printf("/cpus/%s\n", node_name(c));
        print_strings(c, "device_type");
        print_strings(c, "compatible");
        print_cells(c, "reg");
        print_strings(c, "enable-method");
    }

    node_t psci = child_named(root, "psci");
    printf("/psci\n");
    print_strings(psci, "compatible");
    print_strings(psci, "method");
    print_cells(psci, "cpu_on");
    print_cells(psci, "cpu_off");
    print_cells(psci, "cpu_suspend");
    print_cells(psci, "migrate");

    node_t timer = child_named(root, "timer");
    printf("/timer\n");
    print_strings(timer, "compatible");
    print_cells(timer, "interrupts");
    printf("  always-on: %s\n", get_prop(timer, "always-on", 0) ? "yes" : "no");

    static const char *const devices[][2] = {
        { "arm,cortex-a15-gic", "gic" }, { "arm,gic-v2m-frame", "gicv2m" }, { "arm,pl011", "uart" },
        { "arm,pl031", "rtc" }, { "arm,pl061", "gpio" }, { "fixed-clock", "clock" },
    };
    for (unsigned i = 0; i < sizeof devices / sizeof devices[0]; i++) {
        int count = 0;
        print_all(root, devices[i][0], devices[i][1], &count);
        if (!count) printf("%s: none\n", devices[i][1]);
    }
    node_t keys = child_named(root, "gpio-keys");
    printf("/gpio-keys\n");
    print_strings(keys, "compatible");
    for (node_t k = keys == NO_NODE ? NO_NODE : first_child(keys); k != NO_NODE; k = next_sibling(k)) {
        const uint8_t *g = get_prop(k, "gpios", &len);
        printf("/gpio-keys/%s\n", node_name(k));
        if (g && len == 12) { printf("  gpios = "); print_ref(be32(g)); printf(" 0x%x 0x%x\n", be32(g + 4), be32(g + 8)); }
        print_cells(k, "linux,code");
        print_strings(k, "label");
    }

    int virtio = 0;
    for (node_t c = first_child(root); c != NO_NODE; c = next_sibling(c)) {
        if (!has_compatible(c, "virtio,mmio")) continue;
        const uint8_t *reg = get_prop(c, "reg", &len);
        const uint8_t *irq = get_prop(c, "interrupts", 0);
        printf("virtio %s: reg 0x%x size 0x%x, interrupts <%u %u %u>, dma-coherent %s\n", node_name(c), be32(reg + 4), be32(reg + 12),
               be32(irq), be32(irq + 4), be32(irq + 8), get_prop(c, "dma-coherent", 0) ? "yes" : "no");
        virtio++;
    }
    printf("virtio-mmio transports: %d\n", virtio);
    (void)struct_size;
    return 0;
}
