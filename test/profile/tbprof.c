/*
 * A QEMU 7.2 TCG plugin: instructions executed per translation block,
 * by guest virtual address. Each time the guest executes the block at
 * "trigger" (a kernel function the workload calls between phases), the
 * counts so far are written to "out".N and reset.
 * Debian ships no qemu-plugin.h: the few declarations come from the
 * documented plugin API (QEMU_PLUGIN_VERSION 1). The counters are not
 * atomic: run with -icount, which keeps TCG on one thread.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*tb_trans_cb)(qemu_plugin_id_t, struct qemu_plugin_tb *);
typedef void (*udata_cb)(unsigned int, void *);
typedef void (*atexit_cb)(qemu_plugin_id_t, void *);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t, tb_trans_cb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *,
					      enum qemu_plugin_op, void *,
					      uint64_t);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *, udata_cb,
					  enum qemu_plugin_cb_flags, void *);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t, atexit_cb, void *);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

#define SLOTS (1u << 22)
struct slot { uint64_t vaddr; uint64_t insns; };
static struct slot *table;
static uint64_t trigger;
static const char *out = "tbprof";
static int dumps;

/* The slot of a block's address; the last slot takes all once full. */
static struct slot *lookup(uint64_t vaddr)
{
	uint64_t h = ((vaddr * 0x9E3779B97F4A7C15ull) >> 42) % (SLOTS - 1);
	uint32_t probes;

	for (probes = 0; probes < SLOTS - 1; probes++, h = (h + 1) % (SLOTS - 1)) {
		if (table[h].vaddr == vaddr)
			return &table[h];
		if (!table[h].vaddr) {
			table[h].vaddr = vaddr;
			return &table[h];
		}
	}
	table[SLOTS - 1].vaddr = 2;	/* shown as address 2: "table full" */
	return &table[SLOTS - 1];
}

static void dump(void)
{
	char name[256];
	FILE *f;

	snprintf(name, sizeof(name), "%s.%d", out, dumps++);
	f = fopen(name, "w");
	if (!f)
		return;
	for (uint32_t i = 0; i < SLOTS; i++) {
		if (table[i].insns)
			fprintf(f, "%016llx %llu\n",
				(unsigned long long)table[i].vaddr,
				(unsigned long long)table[i].insns);
		table[i].insns = 0;
	}
	fclose(f);
}

static void on_trigger(unsigned int vcpu, void *udata)
{
	dump();
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	uint64_t vaddr = qemu_plugin_tb_vaddr(tb);
	struct slot *s = lookup(vaddr ? vaddr : 1);

	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64,
						 &s->insns,
						 qemu_plugin_tb_n_insns(tb));
	if (trigger && vaddr == trigger)
		qemu_plugin_register_vcpu_tb_exec_cb(tb, on_trigger,
						     QEMU_PLUGIN_CB_NO_REGS,
						     NULL);
}

static void at_exit_dump(qemu_plugin_id_t id, void *p)
{
	dump();
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const void *info, int argc,
			char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "trigger=", 8))
			trigger = strtoull(argv[i] + 8, NULL, 16);
		else if (!strncmp(argv[i], "out=", 4))
			out = strdup(argv[i] + 4);
	}
	table = calloc(SLOTS, sizeof(*table));
	if (!table)
		return -1;
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, at_exit_dump, NULL);
	return 0;
}
