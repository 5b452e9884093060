/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * checksec's parsers on fixture text: readelf -hlSsrdW and objdump -d -w
 * output (excerpts of real binutils 2.40 output, plus the nasty rows), and
 * the GNU property note walker on hand-made note bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "checksec.h"
#include "objdump.h"
#include "readelf.h"
#include "unit.h"

/* ---- readelf ------------------------------------------------------------ */

static const char readelf_fixture[] =
	"ELF Header:\n"
	"  Magic:   7f 45 4c 46 02 01 01 00 00 00 00 00 00 00 00 00 \n"
	"  Class:                             ELF64\n"
	"  Type:                              DYN (Position-Independent Executable file)\n"
	"  Machine:                           Advanced Micro Devices X86-64\n"
	"  Entry point address:               0x1040\n"
	"\n"
	"Section Headers:\n"
	"  [Nr] Name              Type            Address          Off    Size   ES Flg Lk Inf Al\n"
	"  [ 0]                   NULL            0000000000000000 000000 000000 00      0   0  0\n"
	"  [ 1] .boot.text        PROGBITS        0000000000000000 001000 000149 00  AX  0   0  8\n"
	"  [ 2] .boot.data        NOBITS          0000000000001000 002000 003414 00  WA  0   0 4096\n"
	"  [ 3] .text             PROGBITS        0000000000005000 002000 0024bc 00  AX  0   0 16\n"
	"  [ 4] .rodata           PROGBITS        0000000000008000 005000 0002c4 00   A  0   0 32\n"
	"  [15] .debug_line       PROGBITS        0000000000000000 006008 0025c4 00      0   0  1\n"
	"  [16] bad row           PROGBITS        zz 0 0 0 0 0 0\n"
	"Key to Flags:\n"
	"  W (write), A (alloc), X (execute), M (merge), S (strings), I (info),\n"
	"\n"
	"Program Headers:\n"
	"  Type           Offset   VirtAddr           PhysAddr           FileSiz  MemSiz   Flg Align\n"
	"  LOAD           0x001000 0x0000000000000000 0x0000000000100000 0x000149 0x000149 R E 0x1000\n"
	"  LOAD           0x002000 0x0000000000005000 0x0000000000105000 0x0024bc 0x0024bc RWE 0x1000\n"
	"  NOTE           0x0052e0 0x00000000000082e0 0x00000000001082e0 0x000020 0x000020 R   0x8\n"
	"  GNU_STACK      0x000000 0x0000000000000000 0x0000000000000000 0x000000 0x000000 RW  0x10\n"
	"  [Requesting program interpreter: /lib64/ld-linux-x86-64.so.2]\n"
	"  LOAD           0x001000 nonsense\n"
	"\n"
	" Section to Segment mapping:\n"
	"  Segment Sections...\n"
	"   00     .boot.text \n"
	"\n"
	"Dynamic section at offset 0x5ef0 contains 13 entries:\n"
	"  Tag        Type                         Name/Value\n"
	" 0x000000000000001e (FLAGS)              BIND_NOW\n"
	" 0x000000006ffffffb (FLAGS_1)            Flags: NOW PIE\n"
	"\n"
	"Relocation section '.rela.dyn' at offset 0x5300 contains 3 entries:\n"
	"    Offset             Info             Type               Symbol's Value  Symbol's Name + Addend\n"
	"0000000000009e80  0000000000000008 R_X86_64_RELATIVE                         5120\n"
	"0000000000404018  0000000100000007 R_X86_64_JUMP_SLOT     0000000000001030 puts@GLIBC_2.2.5 + 10\n"
	"00009e80  00000008 R_386_RELATIVE   \n"
	"0000000000009e90  0000000000000008 NOT_A_RELOC 12\n"
	"\n"
	"Symbol table '.symtab' contains 5 entries:\n"
	"   Num:    Value          Size Type    Bind   Vis      Ndx Name\n"
	"     0: 0000000000000000     0 NOTYPE  LOCAL  DEFAULT  UND \n"
	"    16: 00000000000050f0    76 FUNC    LOCAL  DEFAULT    3 hb_boot_late\n"
	"    17: 0000000000005200 0x10000 FUNC    GLOBAL DEFAULT    3 big_export\n"
	"    18: 0000000000000000     0 FUNC    GLOBAL DEFAULT  UND puts@GLIBC_2.2.5 (2)\n"
	"    19: 0000000000005300    12 FUNC    GLOBAL HIDDEN     3 hidden_one\n"
	"    20: 0000000000005400    12 FUNC    GLOBAL DEFAULT [VARIANT_PCS]     3 odd_other\n"
	"    21: zz 12 FUNC GLOBAL DEFAULT 3 broken\n";

static void test_readelf(void)
{
	struct readelf_info ri;
	const struct readelf_seg *seg;
	const struct readelf_sec *sec;
	const struct readelf_sym *sym;
	const struct readelf_rel *rel;

	readelf_init(&ri);
	readelf_parse(&ri, readelf_fixture, sizeof(readelf_fixture) - 1);
	unit_ok(ri.have_header && ri.elf64 && !strcmp(ri.type, "DYN") && ri.entry == 0x1040,
		"readelf: header (elf64 %d, type '%s', entry %#llx)", ri.elf64, ri.type,
		(unsigned long long)ri.entry);
	unit_ok(!strcmp(ri.machine, "Advanced Micro Devices X86-64"), "readelf: machine");
	unit_ok(ri.secs->len == 5, "readelf: 5 sections (NULL skipped, bad row dropped): %u",
		ri.secs->len);
	sec = readelf_sec_at(&ri, 0x5010);
	unit_ok(sec && !strcmp(sec->name, ".text") && sec->exec && sec->alloc && !sec->write,
		"readelf: 0x5010 is in .text, AX");
	sec = readelf_sec_at(&ri, 0x8004);
	unit_ok(sec && !sec->exec, "readelf: .rodata is not executable");
	unit_ok(!readelf_sec_at(&ri, 0x4800), "readelf: .debug_line (not alloc) holds nothing");
	unit_ok(ri.segs->len == 4, "readelf: 4 segments (mapping rows, interpreter, bad row "
		"skipped): %u", ri.segs->len);
	seg = &g_array_index(ri.segs, struct readelf_seg, 1);
	unit_ok(!strcmp(seg->type, "LOAD") && seg->flags == (READELF_PF_R | READELF_PF_W |
		READELF_PF_X) && seg->vaddr == 0x5000 && seg->align == 0x1000,
		"readelf: RWE LOAD at 0x5000");
	seg = &g_array_index(ri.segs, struct readelf_seg, 0);
	unit_ok(seg->flags == (READELF_PF_R | READELF_PF_X), "readelf: 'R E' is two tokens");
	unit_ok(readelf_file_off(&ri, 0x5010) == 0x2010 && readelf_file_off(&ri, 0x9000) == -1,
		"readelf: file offsets through PT_LOAD");
	unit_ok(ri.bind_now && ri.flags1_pie && ri.has_dynamic, "readelf: BIND_NOW, DF_1_PIE");
	unit_ok(ri.rels->len == 3, "readelf: 3 relocations (a non-R_ row dropped): %u", ri.rels->len);
	rel = &g_array_index(ri.rels, struct readelf_rel, 0);
	unit_ok(rel->has_target && rel->target == 0x5120 && rel->offset == 0x9e80,
		"readelf: RELATIVE addend");
	rel = &g_array_index(ri.rels, struct readelf_rel, 1);
	unit_ok(rel->has_target && rel->target == 0x1040, "readelf: symbol + addend = %#llx",
		(unsigned long long)rel->target);
	rel = &g_array_index(ri.rels, struct readelf_rel, 2);
	unit_ok(!rel->has_target && !strcmp(rel->type, "R_386_RELATIVE"),
		"readelf: REL without addend");
	unit_ok(ri.syms->len == 6, "readelf: 6 symbols: %u", ri.syms->len);
	sym = &g_array_index(ri.syms, struct readelf_sym, 2);
	unit_ok(sym->func && sym->global && sym->visible && sym->defined &&
		sym->size == 0x10000 && !strcmp(sym->name, "big_export"),
		"readelf: exported function, size in hex");
	sym = &g_array_index(ri.syms, struct readelf_sym, 3);
	unit_ok(!sym->defined && !strcmp(sym->name, "puts@GLIBC_2.2.5"), "readelf: UND symbol");
	sym = &g_array_index(ri.syms, struct readelf_sym, 4);
	unit_ok(sym->global && !sym->visible, "readelf: hidden is not visible");
	sym = &g_array_index(ri.syms, struct readelf_sym, 5);
	unit_ok(sym->defined && !strcmp(sym->name, "odd_other"), "readelf: st_other extras skipped");
	unit_ok(ri.bad_rows == 4, "readelf: 4 bad rows counted: %u", ri.bad_rows);
	readelf_free(&ri);

	/* Garbage in: no header, no crash. */
	static const char garbage[] = "Symbol table '\n   1:\n\n[\nProgram Headers:\n LOAD 0x\n";

	readelf_init(&ri);
	readelf_parse(&ri, garbage, sizeof(garbage) - 1);
	unit_ok(!ri.have_header && ri.segs->len == 0, "readelf: garbage gives nothing");
	readelf_free(&ri);
}

/* ---- objdump ------------------------------------------------------------ */

static const struct {
	const char *line;
	int insn;
	const char *mnem;
	unsigned prefixes;
	int indirect, has_direct;
	uint64_t direct;
	int has_rip;
	uint64_t rip;
	int has_abs;
	uint64_t abs;
	int nimm;
	uint64_t imm0;
	int bad, seg_canary;
} objdump_cases[] = {
	{ "    5123:\tendbr64", 1, "endbr64", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "    5120:\tlea    0x2ed9(%rip),%rdi        # 8000 <hb_rodata_start>", 1, "lea",
	  0, 0, 0, 0, 1, 0x8000, 0, 0, 0, 0, 0, 0 },
	{ "    5102:\tlea    0x2ef7(%rip),%rax        # 0x8000", 1, "lea",
	  0, 0, 0, 0, 1, 0x8000, 0, 0, 0, 0, 0, 0 },
	{ "    539c:\taddr32 call 5dd0 <__stack_chk_fail>", 1, "call",
	  0, 0, 1, 0x5dd0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "    5019:\tje     0x5056", 1, "je", 0, 0, 1, 0x5056, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "    5019:\tnotrack jmp *%rax", 1, "jmp", OBJDUMP_NOTRACK, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "    5019:\tbnd jmp *0x10(%rip)        # 6000 <tab>", 1, "jmp", 0, 1, 0, 0, 1, 0x6000,
	  0, 0, 0, 0, 0, 0 },
	{ "  100035:\tmov    $0x104000,%edi", 1, "mov", 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x104000, 0, 0 },
	{ "  100069:\tmovl   $0x102003,0x101000(%rip)        # 201073 <x+0xd1073>", 1, "movl",
	  0, 0, 0, 0, 1, 0x201073, 0, 0, 1, 0x102003, 0, 0 },
	{ "     120:\tlea    0x1234,%eax", 1, "lea", 0, 0, 0, 0, 0, 0, 1, 0x1234, 0, 0, 0, 0 },
	{ "    52e9:\tmov    %fs:0x28,%rax", 1, "mov", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 },
	{ "    5d1c:\tcs nopw 0x0(%rax,%rax,1)", 1, "nopw", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "     142:\t(bad)", 1, "(bad)", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 },
	{ "     144:\trex.W", 1, "rex.W", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "0000000000005120 <rec_start>:", 0, "", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "\t...", 0, "", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "Disassembly of section .text:", 0, "", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "    5000:\t", 0, "", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "12345678901234567:\tnop", 0, "", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	/* a RIP comment that is no number, a branch to a symbol only */
	{ "    5000:\tlea    0x1(%rip),%rax        # <x>", 1, "lea", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "    5000:\tcall   <x>", 1, "call", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ "    5000:\tmovabs $0xffffffffffffffff,%rax", 1, "movabs", 0, 0, 0, 0, 0, 0, 0, 0, 1,
	  0xffffffffffffffffull, 0, 0 },
	{ "    5000:\tmovabs $0x1ffffffffffffffff,%rax", 1, "movabs", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
};

static void test_objdump(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(objdump_cases); i++) {
		struct objdump_insn in;
		int got = objdump_parse_line(objdump_cases[i].line, &in);
		int ok = got == objdump_cases[i].insn;

		if (ok && got)
			ok = !strcmp(in.mnem, objdump_cases[i].mnem) &&
			     in.prefixes == objdump_cases[i].prefixes &&
			     in.indirect == objdump_cases[i].indirect &&
			     in.has_direct == objdump_cases[i].has_direct &&
			     (!in.has_direct || in.direct == objdump_cases[i].direct) &&
			     in.has_rip == objdump_cases[i].has_rip &&
			     (!in.has_rip || in.rip == objdump_cases[i].rip) &&
			     in.has_abs == objdump_cases[i].has_abs &&
			     (!in.has_abs || in.abs == objdump_cases[i].abs) &&
			     in.nimm == objdump_cases[i].nimm &&
			     (!in.nimm || in.imm[0] == objdump_cases[i].imm0) &&
			     in.bad == objdump_cases[i].bad &&
			     in.seg_canary == objdump_cases[i].seg_canary;
		unit_ok(ok, "objdump line %zu: '%s'", i, objdump_cases[i].line);
	}
}

static void count_insn(const struct objdump_insn *in, void *ctx)
{
	(void)in;
	(*(int *)ctx)++;
}

static void test_objdump_text(void)
{
	static const char text[] =
		"\nhardened.elf:     file format elf64-x86-64\n\n\n"
		"Disassembly of section .text:\n\n"
		"0000000000005120 <rec_start>:\n"
		"    5120:\tendbr64\n"
		"    5124:\tlea    0x2ed9(%rip),%rdi        # 8004 <x>\n"
		"    512b:\tjmp    52d0 <rec_printf>\n"
		"\t...\n"
		"    5130:\tnop";   /* no final newline */
	int n = 0;

	unit_ok(objdump_parse_text(text, sizeof(text) - 1, count_insn, &n) == 4 && n == 4,
		"objdump text: 4 instructions, last line unterminated");
}

/* ---- notes ---------------------------------------------------------------- */

/* Note bytes are little-endian words; a helper lays them out. */
struct notebuf {
	uint8_t b[256];
	size_t len;
};

static void nb_u32(struct notebuf *n, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		n->b[n->len++] = (uint8_t)(v >> (8 * i));
}

static void nb_pad(struct notebuf *n, size_t a)
{
	while (n->len % a)
		n->b[n->len++] = 0;
}

/* A GNU property note with one x86 feature property. */
static void nb_gnu(struct notebuf *n, int elf64, uint32_t bits, size_t align)
{
	size_t pad = elf64 ? 8 : 4;
	uint32_t desc = (uint32_t)((12 + pad - 1) / pad * pad);

	nb_u32(n, 4);
	nb_u32(n, desc);
	nb_u32(n, 5);
	nb_u32(n, 0x00554e47);   /* "GNU\0" */
	nb_pad(n, align);
	nb_u32(n, 0xc0000002);
	nb_u32(n, 4);
	nb_u32(n, bits);
	nb_pad(n, pad);
	nb_pad(n, align);
}

static void test_notes(void)
{
	struct notebuf n;
	uint32_t x;
	int found;

	memset(&n, 0, sizeof(n));
	nb_gnu(&n, 1, 3, 8);
	x = 0, found = 0;
	checksec_notes(n.b, n.len, 8, 1, &x, &found);
	unit_ok(found && x == 3, "notes: ELF64, 8-aligned, IBT|SHSTK (x %u)", x);

	memset(&n, 0, sizeof(n));
	nb_gnu(&n, 0, 1, 4);
	x = 0, found = 0;
	checksec_notes(n.b, n.len, 4, 0, &x, &found);
	unit_ok(found && x == 1, "notes: ELF32, 4-aligned, IBT only");

	/* objcopy's ELF32 wrapper: ELF32 layout in an 8-aligned segment */
	memset(&n, 0, sizeof(n));
	nb_gnu(&n, 0, 3, 8);
	x = 0, found = 0;
	checksec_notes(n.b, 28, 8, 0, &x, &found);
	unit_ok(found && x == 3, "notes: ELF32 layout in an 8-aligned segment");

	/* a PVH note first, then the property */
	memset(&n, 0, sizeof(n));
	nb_u32(&n, 4);
	nb_u32(&n, 8);
	nb_u32(&n, 18);
	nb_u32(&n, 0x006e6558);   /* "Xen\0" */
	nb_u32(&n, 0x100000);
	nb_u32(&n, 0);
	nb_gnu(&n, 1, 2, 8);
	x = 0, found = 0;
	checksec_notes(n.b, n.len, 8, 1, &x, &found);
	unit_ok(found && x == 2, "notes: second note of a segment");

	/* truncations and lies: never a read past the buffer (ASan watches) */
	memset(&n, 0, sizeof(n));
	nb_gnu(&n, 1, 3, 8);
	for (size_t cut = 0; cut < n.len; cut++) {
		uint8_t *copy = g_memdup2(n.b, cut);

		x = 0, found = 0;
		checksec_notes(copy, cut, 8, 1, &x, &found);
		g_free(copy);
		if (x)
			break;
	}
	unit_ok(1, "notes: every truncation walked");
	memset(&n, 0, sizeof(n));
	nb_u32(&n, 0xfffffff0);   /* namesz */
	nb_u32(&n, 0xfffffff0);
	nb_u32(&n, 5);
	x = 0, found = 0;
	checksec_notes(n.b, n.len, 8, 1, &x, &found);
	unit_ok(!found && !x, "notes: sizes beyond the buffer stop the walk");
	memset(&n, 0, sizeof(n));
	nb_u32(&n, 4);
	nb_u32(&n, 16);
	nb_u32(&n, 5);
	nb_u32(&n, 0x00554e47);
	nb_u32(&n, 0xc0000002);
	nb_u32(&n, 0xfffffff8);   /* pr_datasz beyond the descriptor */
	nb_u32(&n, 3);
	nb_u32(&n, 0);
	x = 0, found = 0;
	checksec_notes(n.b, n.len, 8, 1, &x, &found);
	unit_ok(found && !x, "notes: a property larger than its note is ignored");
}

int main(void)
{
	test_readelf();
	test_objdump();
	test_objdump_text();
	test_notes();
	return unit_done();
}
