/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * checksec's readers: the ELF reader (libelf) on a hand-laid ELF image and
 * its hostile variants, objdump -d -w output (excerpts of real binutils
 * 2.40 output, plus the nasty rows), and the GNU property note walker on
 * hand-made note bytes.
 */
#include <errno.h>
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "checksec.h"
#include "objdump.h"
#include "elffile.h"
#include "unit.h"

/* ---- elffile -------------------------------------------------------------- */

/*
 * A small ELF64 image laid out by hand (address = file offset): a text
 * section, a symbol table, RELA relocations, a dynamic array and the
 * section names, with PT_LOAD, PT_GNU_STACK and PT_DYNAMIC.  The cases
 * below break it in the ways a hostile file would.
 */
#define T_TEXT 0x200
#define T_SYMS 0x280
#define T_STR  0x300
#define T_RELA 0x340
#define T_DYN  0x380
#define T_SHS  0x3c0
#define T_SH   0x400
#define T_NSEC 8
#define T_SIZE (T_SH + T_NSEC * sizeof(Elf64_Shdr))

static const char t_str[] = "\0f\0puts\0hidden_one\0";
static const char t_shs[] = "\0.text\0.symtab\0.strtab\0.rela.dyn\0.dynamic\0.shstrtab\0.bss\0";

static void t_sec(uint8_t *b, int i, uint32_t name, uint32_t type, uint64_t flags,
		  uint64_t off, uint64_t size, uint32_t link, uint64_t entsize)
{
	Elf64_Shdr sh = { .sh_name = name, .sh_type = type, .sh_flags = flags,
			  .sh_addr = flags & SHF_ALLOC ? off : 0, .sh_offset = off,
			  .sh_size = size, .sh_link = link, .sh_addralign = 8,
			  .sh_entsize = entsize };

	memcpy(b + T_SH + (size_t)i * sizeof(sh), &sh, sizeof(sh));
}

static void t_image(uint8_t *b)
{
	Elf64_Ehdr eh = { .e_type = ET_DYN, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
			  .e_entry = T_TEXT, .e_phoff = sizeof(Elf64_Ehdr), .e_shoff = T_SH,
			  .e_ehsize = sizeof(Elf64_Ehdr), .e_phentsize = sizeof(Elf64_Phdr),
			  .e_phnum = 3, .e_shentsize = sizeof(Elf64_Shdr), .e_shnum = T_NSEC,
			  .e_shstrndx = 6 };
	Elf64_Phdr ph[3] = {
		{ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_filesz = T_SH, .p_memsz = 0x1000,
		  .p_align = 0x1000 },
		{ .p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W, .p_align = 16 },
		{ .p_type = PT_DYNAMIC, .p_flags = PF_R | PF_W, .p_offset = T_DYN,
		  .p_vaddr = T_DYN, .p_filesz = 3 * sizeof(Elf64_Dyn),
		  .p_memsz = 3 * sizeof(Elf64_Dyn), .p_align = 8 },
	};
	Elf64_Sym sym[4] = {
		{ 0 },
		{ .st_name = 1, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC), .st_shndx = 1,
		  .st_value = T_TEXT, .st_size = 0x10 },
		{ .st_name = 3, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC) },
		{ .st_name = 8, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
		  .st_other = STV_HIDDEN, .st_shndx = 1, .st_value = T_TEXT + 0x10, .st_size = 4 },
	};
	Elf64_Rela rela[2] = {
		{ .r_offset = T_DYN, .r_info = ELF64_R_INFO(0, R_X86_64_RELATIVE), .r_addend = 0x210 },
		{ .r_offset = T_DYN + 8, .r_info = ELF64_R_INFO(1, R_X86_64_64), .r_addend = -4 },
	};
	Elf64_Dyn dyn[3] = {
		{ .d_tag = DT_FLAGS_1, .d_un.d_val = DF_1_NOW | 0x08000000 /* DF_1_PIE */ },
		{ .d_tag = DT_NULL },
		{ .d_tag = DT_BIND_NOW },   /* after DT_NULL: not read */
	};

	memset(b, 0, T_SIZE);
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	memcpy(b, &eh, sizeof(eh));
	memcpy(b + sizeof(eh), ph, sizeof(ph));
	memset(b + T_TEXT, 0x90, 0x20);
	memcpy(b + T_SYMS, sym, sizeof(sym));
	memcpy(b + T_STR, t_str, sizeof(t_str));
	memcpy(b + T_RELA, rela, sizeof(rela));
	memcpy(b + T_DYN, dyn, sizeof(dyn));
	memcpy(b + T_SHS, t_shs, sizeof(t_shs));
	t_sec(b, 1, 1, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, T_TEXT, 0x20, 0, 0);
	t_sec(b, 2, 7, SHT_SYMTAB, 0, T_SYMS, sizeof(sym), 3, sizeof(Elf64_Sym));
	t_sec(b, 3, 15, SHT_STRTAB, 0, T_STR, sizeof(t_str), 0, 0);
	t_sec(b, 4, 23, SHT_RELA, SHF_ALLOC, T_RELA, sizeof(rela), 2, sizeof(Elf64_Rela));
	t_sec(b, 5, 33, SHT_DYNAMIC, SHF_ALLOC | SHF_WRITE, T_DYN, 2 * sizeof(Elf64_Dyn), 0,
	      sizeof(Elf64_Dyn));
	t_sec(b, 6, 42, SHT_STRTAB, 0, T_SHS, sizeof(t_shs), 0, 0);
	t_sec(b, 7, 52, SHT_NOBITS, SHF_ALLOC | SHF_WRITE, 0x800, 0x100, 0, 0);
}

static const struct elffile_sym *t_sym(const struct elffile *ef, const char *name)
{
	for (guint i = 0; i < ef->syms->len; i++)
		if (!strcmp(g_array_index(ef->syms, struct elffile_sym, i).name, name))
			return &g_array_index(ef->syms, struct elffile_sym, i);
	return NULL;
}

static void test_elffile(void)
{
	static uint8_t b[T_SIZE];
	const struct elffile_sym *sym;
	const struct elffile_rel *rel;
	const struct elffile_sec *sec;
	const struct elffile_seg *seg;
	struct elffile ef;
	char err[256];
	size_t got;

	t_image(b);
	elffile_init(&ef);
	unit_ok(!elffile_parse(&ef, b, sizeof(b), err, sizeof(err)), "elffile: parses");
	unit_ok(ef.elf64 && !strcmp(ef.type, "DYN") && ef.entry == T_TEXT && ef.machine == EM_X86_64 &&
		!strcmp(ef.machine_name, "Advanced Micro Devices X86-64") && !ef.bad,
		"elffile: header as readelf names it (bad %u)", ef.bad);
	unit_ok(ef.secs->len == T_NSEC - 1, "elffile: %u sections, section 0 left out", ef.secs->len);
	sec = elffile_sec_at(&ef, T_TEXT + 4);
	unit_ok(sec && !strcmp(sec->name, ".text") && sec->exec && sec->alloc && !sec->write &&
		sec->type == SHT_PROGBITS, "elffile: .text holds its addresses, AX");
	unit_ok(!elffile_sec_at(&ef, T_SYMS), "elffile: .symtab (not alloc) holds no address");
	seg = &g_array_index(ef.segs, struct elffile_seg, 0);
	unit_ok(ef.segs->len == 3 && seg->type == PT_LOAD &&
		seg->flags == (ELFFILE_PF_R | ELFFILE_PF_X) && seg->memsz == 0x1000,
		"elffile: 3 segments, LOAD R E");
	unit_ok(elffile_file_off(&ef, T_TEXT + 1) == T_TEXT + 1 && elffile_file_off(&ef, T_SH) == -1,
		"elffile: file offsets through PT_LOAD (filesz, not memsz)");
	unit_ok(ef.bind_now && ef.flags1_pie && ef.has_dynamic,
		"elffile: DF_1_NOW, DF_1_PIE from PT_DYNAMIC");
	unit_ok(ef.syms->len == 4, "elffile: 4 symbols, the null one included: %u", ef.syms->len);
	sym = t_sym(&ef, "f");
	unit_ok(sym && sym->func && sym->global && sym->visible && sym->defined &&
		sym->value == T_TEXT && sym->size == 0x10, "elffile: exported function");
	sym = t_sym(&ef, "puts");
	unit_ok(sym && !sym->defined, "elffile: UND symbol");
	sym = t_sym(&ef, "hidden_one");
	unit_ok(sym && sym->global && !sym->visible, "elffile: hidden is not visible");
	unit_ok(ef.rels->len == 2, "elffile: 2 relocations: %u", ef.rels->len);
	rel = &g_array_index(ef.rels, struct elffile_rel, 0);
	unit_ok(rel->has_target && rel->target == 0x210 && rel->type == R_X86_64_RELATIVE &&
		rel->offset == T_DYN, "elffile: RELATIVE: the addend");
	rel = &g_array_index(ef.rels, struct elffile_rel, 1);
	unit_ok(rel->has_target && rel->target == T_TEXT - 4, "elffile: symbol + negative addend");
	unit_ok(elffile_bytes(&ef, T_TEXT, 0x20, 16, &got) == ef.bytes + T_TEXT && got == 16,
		"elffile: bytes cut at cap");
	unit_ok(elffile_bytes(&ef, T_SIZE - 4, 100, 1000, &got) && got == 4 &&
		!elffile_bytes(&ef, T_SIZE, 1, 10, &got) && !got &&
		!elffile_bytes(&ef, UINT64_MAX, UINT64_MAX, 10, &got),
		"elffile: bytes cut at the end of the file");
	elffile_free(&ef);

	/* PT_DYNAMIC and its section both past the end: counted, not read */
	t_image(b);
	((Elf64_Phdr *)(b + sizeof(Elf64_Ehdr)))[2].p_offset = 0x10000;
	((Elf64_Shdr *)(b + T_SH))[5].sh_offset = 0x10000;
	elffile_init(&ef);
	unit_ok(!elffile_parse(&ef, b, sizeof(b), err, sizeof(err)) && !ef.has_dynamic && ef.bad == 2,
		"elffile: a dynamic array past the end is skipped and counted (bad %u)", ef.bad);
	elffile_free(&ef);

	/* a symbol table whose strings are no string table; a name past it */
	t_image(b);
	((Elf64_Shdr *)(b + T_SH))[2].sh_link = 1;
	((Elf64_Sym *)(b + T_SYMS))[3].st_name = 0x7fffffff;
	elffile_init(&ef);
	unit_ok(!elffile_parse(&ef, b, sizeof(b), err, sizeof(err)) && ef.syms->len == 4 &&
		!t_sym(&ef, "f") && t_sym(&ef, ""), "elffile: names from a non-string table are empty");
	elffile_free(&ef);

	/* section names from an index past the table */
	t_image(b);
	((Elf64_Ehdr *)b)->e_shstrndx = 99;
	elffile_init(&ef);
	unit_ok(!elffile_parse(&ef, b, sizeof(b), err, sizeof(err)) && ef.bad == 1 &&
		!strcmp(g_array_index(ef.secs, struct elffile_sec, 0).name, ""),
		"elffile: a bad e_shstrndx leaves names empty, counted");
	elffile_free(&ef);

	/* every truncation: never a read past the copy (ASan watches) */
	t_image(b);
	for (size_t cut = 0; cut < sizeof(b); cut++) {
		uint8_t *copy = g_memdup2(b, cut ? cut : 1);

		elffile_init(&ef);
		(void)elffile_parse(&ef, copy, cut, err, sizeof(err));
		elffile_free(&ef);
		g_free(copy);
	}
	unit_ok(1, "elffile: every truncation read");

	elffile_init(&ef);
	unit_ok(elffile_parse(&ef, (const uint8_t *)"not an elf\n", 11, err, sizeof(err)) == -EINVAL &&
		strstr(err, "not an ELF file"), "elffile: garbage: %s", err);
	unit_ok(elffile_load(&ef, "/nonexistent/x.elf", err, sizeof(err)) == -ENOENT &&
		!strcmp(err, "/nonexistent/x.elf: No such file or directory"), "elffile: missing: %s", err);
	unit_ok(elffile_load(&ef, "/", err, sizeof(err)) == -EINVAL &&
		!strcmp(err, "/: not a regular file"), "elffile: a directory: %s", err);
	elffile_free(&ef);

	/* ELF32, big-endian: class and byte order are libelf's to convert */
	{
		Elf32_Ehdr eh = { 0 };

		memcpy(eh.e_ident, ELFMAG, SELFMAG);
		eh.e_ident[EI_CLASS] = ELFCLASS32;
		eh.e_ident[EI_DATA] = ELFDATA2MSB;
		eh.e_ident[EI_VERSION] = EV_CURRENT;
		eh.e_type = (Elf32_Half)(ET_EXEC << 8);
		eh.e_machine = (Elf32_Half)(EM_AARCH64 << 8);
		eh.e_entry = 0x00100000;   /* 0x00001000 big-endian */
		elffile_init(&ef);
		unit_ok(!elffile_parse(&ef, (const uint8_t *)&eh, sizeof(eh), err, sizeof(err)) &&
			!ef.elf64 && !strcmp(ef.type, "EXEC") && !strcmp(ef.machine_name, "AArch64") &&
			ef.entry == 0x1000, "elffile: ELF32 MSB header (type %s, machine %s)",
			ef.type, ef.machine_name);
		elffile_free(&ef);
	}
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
		int got = objdump_parse_line(objdump_cases[i].line, OBJDUMP_X86, &in);
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

/* A64 lines as aarch64-linux-gnu-objdump 2.40 prints them (-d -w
 * --no-show-raw-insn), plus the nasty ones. */
static const struct {
	const char *line;
	int insn;
	const char *mnem;
	unsigned pad;
	int flow, indirect, has_direct;
	uint64_t direct;
	int rd, rn;
	int has_page;
	uint64_t page;
	int has_off;
	uint64_t off;
	int has_abs, has_lit, bad;
	const char *sysreg;
} a64_cases[] = {
	{ " 2e0:\tbti\tc", 1, "bti", OBJDUMP_PAD_CALL, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, "" },
	{ " 2e4:\tbti\tj", 1, "bti", OBJDUMP_PAD_JUMP, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, "" },
	{ " 2e8:\tbti\tjc", 1, "bti", OBJDUMP_PAD_CALL | OBJDUMP_PAD_JUMP, 0, 0, 0, 0, -1, -1, 0, 0,
	  0, 0, 0, 0, 0, "" },
	{ " 2ec:\tbti", 1, "bti", 0, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, "" },
	{ " 394:\tpaciasp", 1, "paciasp", OBJDUMP_PAD_CALL, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, "" },
	{ " 398:\tpacibsp", 1, "pacibsp", OBJDUMP_PAD_CALL, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, "" },
	{ " 39c:\tadrp\tx1, 0 <add1-0x2e0>", 1, "adrp", 0, 0, 0, 0, 0, 1, -1, 1, 0, 0, 0, 0, 0, 0, "" },
	{ " 3a8:\tadrp\tx22, 2000 <__stack_chk_guard>", 1, "adrp", 0, 0, 0, 0, 0, 22, -1, 1, 0x2000,
	  0, 0, 0, 0, 0, "" },
	{ " 3ac:\tadd\tx1, x1, #0x2f0", 1, "add", 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0x2f0, 0, 0, 0, "" },
	{ " 3ac:\tadd\tx1, x2, #0x1, lsl #12", 1, "add", 0, 0, 0, 0, 0, 1, 2, 0, 0, 1, 0x1000, 0, 0, 0, "" },
	{ " 3ec:\tadd\tw20, w20, w0", 1, "add", 0, 0, 0, 0, 0, 20, 20, 0, 0, 0, 0, 0, 0, 0, "" },
	{ " 34c:\tldr\tx4, [x1, #4056]", 1, "ldr", 0, 0, 0, 0, 0, 4, 1, 0, 0, 1, 4056, 0, 0, 0, "" },
	{ " 358:\tldr\tx5, [x4]", 1, "ldr", 0, 0, 0, 0, 0, 5, 4, 0, 0, 1, 0, 0, 0, 0, "" },
	{ " 408:\tldr\tx1, [x23, x0, lsl #3]", 1, "ldr", 0, 0, 0, 0, 0, 1, 23, 0, 0, 0, 0, 0, 0, 0, "" },
	{ " 33c:\tstp\tx29, x30, [sp, #-64]!", 1, "stp", 0, 0, 0, 0, 0, -1, -1, 0, 0, 1,
	  (uint64_t)-64, 0, 0, 0, "" },
	{ " 3c4:\tstr\tx0, [x22, #8]", 1, "str", 0, 0, 0, 0, 0, -1, 22, 0, 0, 1, 8, 0, 0, 0, "" },
	{ " 500:\tldr\tx0, 5f8 <lit>", 1, "ldr", 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 1, 0, "" },
	{ " 504:\tadr\tx0, 800 <vectors>", 1, "adr", 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 0, "" },
	{ " 508:\tmsr\tvbar_el1, x0", 1, "msr", 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, "vbar_el1" },
	{ " 390:\tbl\t310 <__stack_chk_fail>", 1, "bl", 0, 1, 0, 1, 0x310, -1, -1, 0, 0, 0, 0, 0, 0, 0, "" },
	{ " 37c:\tb.ne\t390 <buffer+0x60>  // b.any", 1, "b.ne", 0, 1, 0, 1, 0x390, -1, -1, 0, 0, 0, 0,
	  0, 0, 0, "" },
	{ " 37c:\tcbz\tx0, 390 <buffer+0x60>", 1, "cbz", 0, 1, 0, 1, 0x390, -1, -1, 0, 0, 0, 0, 0, 0, 0, "" },
	{ " 3dc:\tblr\tx1", 1, "blr", 0, 1, 1, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, "" },
	{ " 3dc:\tbraaz\tx16", 1, "braaz", 0, 1, 1, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, "" },
	{ " 38c:\tretaa", 1, "retaa", 0, 1, 0, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, "" },
	{ " 324:\tmov\tw1, #0x5                   \t// #5", 1, "mov", 0, 0, 0, 0, 0, 1, -1, 0, 0, 0, 0,
	  0, 0, 0, "" },
	{ " 374:\tsubs\tx3, x3, x2", 1, "subs", 0, 0, 0, 0, 0, 3, -1, 0, 0, 0, 0, 0, 0, 0, "" },
	{ " 374:\tcmp\tx3, x2", 1, "cmp", 0, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, "" },
	{ " 18:\tirg\tx0, x1", 1, "irg", 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, "" },
	{ " 1c:\tstg\tx0, [x0]", 1, "stg", 0, 0, 0, 0, 0, -1, 0, 0, 0, 1, 0, 0, 0, 0, "" },
	{ " 40:\t.inst\t0xdeadbeef ; undefined", 1, ".inst", 0, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0, 1, "" },
	/* out of range, unbalanced, no operands where some are needed */
	{ " 40:\tadd\tx31, x99, #zz", 1, "add", 0, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, "" },
	{ " 40:\tldr\tx0, [x1, #4056", 1, "ldr", 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, "" },
	{ " 40:\tadrp", 1, "adrp", 0, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, "" },
	{ " 40:\tb\t<x>", 1, "b", 0, 1, 0, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, "" },
	{ "00000000000002e0 <add1>:", 0, "", 0, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, "" },
};

static void test_objdump_a64(void)
{
	for (size_t i = 0; i < UNIT_ARRAY_SIZE(a64_cases); i++) {
		struct objdump_insn in;
		int got = objdump_parse_line(a64_cases[i].line, OBJDUMP_ARM64, &in);
		int ok = got == a64_cases[i].insn;

		if (ok && got)
			ok = !strcmp(in.mnem, a64_cases[i].mnem) && in.pad == a64_cases[i].pad &&
			     in.flow == a64_cases[i].flow && in.indirect == a64_cases[i].indirect &&
			     in.has_direct == a64_cases[i].has_direct &&
			     (!in.has_direct || in.direct == a64_cases[i].direct) &&
			     in.rd == a64_cases[i].rd && in.rn == a64_cases[i].rn &&
			     in.has_page == a64_cases[i].has_page &&
			     (!in.has_page || in.page == a64_cases[i].page) &&
			     in.has_off == a64_cases[i].has_off &&
			     (!in.has_off || in.off == a64_cases[i].off) &&
			     in.has_abs == a64_cases[i].has_abs && in.has_lit == a64_cases[i].has_lit &&
			     in.bad == a64_cases[i].bad && !strcmp(in.sysreg, a64_cases[i].sysreg);
		unit_ok(ok, "objdump A64 line %zu: '%s'", i, a64_cases[i].line);
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

	unit_ok(objdump_parse_text(text, sizeof(text) - 1, OBJDUMP_X86, count_insn, &n) == 4 && n == 4,
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
	checksec_notes(n.b, n.len, 8, 1, GNU_PROPERTY_X86_FEATURE_1_AND, &x, &found);
	unit_ok(found && x == 3, "notes: ELF64, 8-aligned, IBT|SHSTK (x %u)", x);

	memset(&n, 0, sizeof(n));
	nb_gnu(&n, 0, 1, 4);
	x = 0, found = 0;
	checksec_notes(n.b, n.len, 4, 0, GNU_PROPERTY_X86_FEATURE_1_AND, &x, &found);
	unit_ok(found && x == 1, "notes: ELF32, 4-aligned, IBT only");

	/* objcopy's ELF32 wrapper: ELF32 layout in an 8-aligned segment */
	memset(&n, 0, sizeof(n));
	nb_gnu(&n, 0, 3, 8);
	x = 0, found = 0;
	checksec_notes(n.b, 28, 8, 0, GNU_PROPERTY_X86_FEATURE_1_AND, &x, &found);
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
	checksec_notes(n.b, n.len, 8, 1, GNU_PROPERTY_X86_FEATURE_1_AND, &x, &found);
	unit_ok(found && x == 2, "notes: second note of a segment");

	/* an AArch64 note (BTI | PAC) is not the x86 property, and the other way round */
	memset(&n, 0, sizeof(n));
	nb_gnu(&n, 1, 3, 8);
	n.b[16 + 3] = 0xc0, n.b[16 + 0] = 0;   /* pr_type 0xc0000000 */
	x = 0, found = 0;
	checksec_notes(n.b, n.len, 8, 1, GNU_PROPERTY_AARCH64_FEATURE_1_AND, &x, &found);
	unit_ok(found && x == 3, "notes: AArch64 feature bits BTI|PAC (x %u)", x);
	x = 0, found = 0;
	checksec_notes(n.b, n.len, 8, 1, GNU_PROPERTY_X86_FEATURE_1_AND, &x, &found);
	unit_ok(found && !x, "notes: the AArch64 property gives no x86 bits");

	/* truncations and lies: never a read past the buffer (ASan watches) */
	memset(&n, 0, sizeof(n));
	nb_gnu(&n, 1, 3, 8);
	for (size_t cut = 0; cut < n.len; cut++) {
		uint8_t *copy = g_memdup2(n.b, cut);

		x = 0, found = 0;
		checksec_notes(copy, cut, 8, 1, GNU_PROPERTY_X86_FEATURE_1_AND, &x, &found);
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
	checksec_notes(n.b, n.len, 8, 1, GNU_PROPERTY_X86_FEATURE_1_AND, &x, &found);
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
	checksec_notes(n.b, n.len, 8, 1, GNU_PROPERTY_X86_FEATURE_1_AND, &x, &found);
	unit_ok(found && !x, "notes: a property larger than its note is ignored");
}

int main(void)
{
	test_elffile();
	test_objdump();
	test_objdump_a64();
	test_objdump_text();
	test_notes();
	return unit_done();
}
