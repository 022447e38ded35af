/*
 * zkcred's guest-instruction counter: a QEMU TCG plugin for qemu-user
 * (scripts/count-aarch64.sh builds it with the system cc and loads it with
 * `qemu-aarch64 -plugin`). Debian ships qemu-user with plugin support but
 * neither qemu-plugin.h nor any plugin, so the few entry points used are
 * declared here (QEMU plugin API version 1, QEMU 7.2 as in Debian 12; the
 * loader refuses a plugin built for a newer API).
 *
 * Counts every guest instruction executed, per vCPU (one per guest thread
 * in user mode; a slot per vCPU, so threads never race on a counter), by
 * adding a translation block's instruction count each time it runs.
 *
 * Markers: the guest calls lseek(fd, MARK_MAGIC | id, SEEK_SET) on any
 * descriptor (core/examples/count_prove.rs seeks /dev/null); the plugin
 * then writes "mark <id> <instructions so far, all threads>" to its
 * output. At exit it writes "total <instructions>". The output goes to
 * the file named by the plugin argument out=FILE, else to QEMU's log
 * (`-d plugin`).
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef uint64_t plugin_id;
struct qemu_plugin_tb;

/* The QEMU 7.2 plugin API entry points this plugin calls. */
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
void qemu_plugin_register_vcpu_tb_trans_cb(plugin_id id,
                                           void (*cb)(plugin_id, struct qemu_plugin_tb *));
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
                                          void (*cb)(unsigned int vcpu, void *udata),
                                          int flags /* 0: reads no registers */,
                                          void *udata);
void qemu_plugin_register_vcpu_syscall_cb(plugin_id id,
                                          void (*cb)(plugin_id, unsigned int vcpu, int64_t num,
                                                     uint64_t a1, uint64_t a2, uint64_t a3,
                                                     uint64_t a4, uint64_t a5, uint64_t a6,
                                                     uint64_t a7, uint64_t a8));
void qemu_plugin_register_atexit_cb(plugin_id id, void (*cb)(plugin_id, void *), void *udata);
void qemu_plugin_outs(const char *text);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

#define MARK_MAGIC UINT64_C(0x7a6b637200000000) /* "zkcr" in the top half */
#define SLOTS 256

/* One counter per vCPU, each on its own cache line. */
static struct {
    uint64_t n;
    char pad[56];
} counts[SLOTS];
static FILE *out;

static uint64_t total(void)
{
    uint64_t sum = 0;
    for (int i = 0; i < SLOTS; i++) {
        sum += __atomic_load_n(&counts[i].n, __ATOMIC_RELAXED);
    }
    return sum;
}

static void say(const char *text)
{
    if (out) {
        fputs(text, out);
        fflush(out);
    } else {
        qemu_plugin_outs(text);
    }
}

static void on_exec(unsigned int vcpu, void *udata)
{
    /* A vCPU index past the slots (over 255 live threads) shares the last. */
    unsigned int slot = vcpu < SLOTS ? vcpu : SLOTS - 1;
    __atomic_fetch_add(&counts[slot].n, (uint64_t)(uintptr_t)udata, __ATOMIC_RELAXED);
}

static void on_translate(plugin_id id, struct qemu_plugin_tb *tb)
{
    (void)id;
    size_t n = qemu_plugin_tb_n_insns(tb);
    qemu_plugin_register_vcpu_tb_exec_cb(tb, on_exec, 0, (void *)(uintptr_t)n);
}

static void on_syscall(plugin_id id, unsigned int vcpu, int64_t num, uint64_t a1, uint64_t a2,
                       uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7,
                       uint64_t a8)
{
    (void)id, (void)vcpu, (void)num, (void)a1, (void)a4, (void)a5, (void)a6, (void)a7, (void)a8;
    /* lseek's offset and whence (SEEK_SET) in any ABI that passes them as
     * the second and third arguments: aarch64 and x86-64 both do. */
    if ((a2 & UINT64_C(0xffffffff00000000)) == MARK_MAGIC && a3 == 0) {
        char line[64];
        snprintf(line, sizeof line, "mark %" PRIu64 " %" PRIu64 "\n", a2 & 0xffffffff, total());
        say(line);
    }
}

static void on_exit(plugin_id id, void *udata)
{
    (void)id, (void)udata;
    char line[64];
    snprintf(line, sizeof line, "total %" PRIu64 "\n", total());
    say(line);
    if (out) {
        fclose(out);
    }
}

__attribute__((visibility("default"))) int qemu_plugin_install(plugin_id id, const void *info,
                                                               int argc, char **argv)
{
    (void)info;
    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "out=", 4) == 0) {
            out = fopen(argv[i] + 4, "w");
            if (!out) {
                return -1;
            }
        } else {
            return -1;
        }
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_vcpu_syscall_cb(id, on_syscall);
    qemu_plugin_register_atexit_cb(id, on_exit, NULL);
    return 0;
}
