/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "elffile.h"

#define ELFFILE_MAX_SIZE (1ull << 30)   /* larger than any unikernel image */

#ifndef EM_RISCV
#define EM_RISCV 243
#endif
#ifndef DF_1_PIE
#define DF_1_PIE 0x08000000
#endif

/* e_machine as binutils' readelf names it, so reports read the same as a
 * reviewer's own `readelf -h`. */
static const struct {
	unsigned em;
	const char *name;
} elffile_machines[] = {
	{ EM_NONE, "None" },
	{ EM_386, "Intel 80386" },
	{ EM_ARM, "ARM" },
	{ EM_X86_64, "Advanced Micro Devices X86-64" },
	{ EM_AARCH64, "AArch64" },
	{ EM_RISCV, "RISC-V" },
	{ EM_PPC64, "PowerPC64" },
	{ EM_S390, "IBM S/390" },
};

static const char *const elffile_types[] = {
	[ET_NONE] = "NONE", [ET_REL] = "REL", [ET_EXEC] = "EXEC",
	[ET_DYN] = "DYN", [ET_CORE] = "CORE",
};

void elffile_init(struct elffile *ef)
{
	memset(ef, 0, sizeof(*ef));
	ef->segs = g_array_new(FALSE, TRUE, sizeof(struct elffile_seg));
	ef->secs = g_array_new(FALSE, TRUE, sizeof(struct elffile_sec));
	ef->syms = g_array_new(FALSE, TRUE, sizeof(struct elffile_sym));
	ef->rels = g_array_new(FALSE, TRUE, sizeof(struct elffile_rel));
}

static void elffile_clear(struct elffile *ef)
{
	for (guint i = 0; i < ef->syms->len; i++)
		g_free(g_array_index(ef->syms, struct elffile_sym, i).name);
	g_array_set_size(ef->segs, 0);
	g_array_set_size(ef->secs, 0);
	g_array_set_size(ef->syms, 0);
	g_array_set_size(ef->rels, 0);
	g_free(ef->bytes);
	ef->bytes = NULL;
	ef->size = 0;
}

void elffile_free(struct elffile *ef)
{
	if (!ef->segs)
		return;
	elffile_clear(ef);
	g_array_free(ef->segs, TRUE);
	g_array_free(ef->secs, TRUE);
	g_array_free(ef->syms, TRUE);
	g_array_free(ef->rels, TRUE);
	memset(ef, 0, sizeof(*ef));
}

static void elffile_header(struct elffile *ef, const GElf_Ehdr *eh)
{
	ef->elf64 = eh->e_ident[EI_CLASS] == ELFCLASS64;
	ef->machine = eh->e_machine;
	ef->entry = eh->e_entry;
	if (eh->e_type < G_N_ELEMENTS(elffile_types))
		snprintf(ef->type, sizeof(ef->type), "%s", elffile_types[eh->e_type]);
	else
		snprintf(ef->type, sizeof(ef->type), "0x%x", (unsigned)eh->e_type);
	snprintf(ef->machine_name, sizeof(ef->machine_name), "<unknown>: 0x%x",
		 (unsigned)eh->e_machine);
	for (size_t i = 0; i < G_N_ELEMENTS(elffile_machines); i++)
		if (elffile_machines[i].em == eh->e_machine)
			snprintf(ef->machine_name, sizeof(ef->machine_name), "%s",
				 elffile_machines[i].name);
}

static void elffile_segments(struct elffile *ef, Elf *elf)
{
	size_t n = 0;

	if (elf_getphdrnum(elf, &n)) {
		ef->bad++;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct elffile_seg s;
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph)) {
			ef->bad++;
			continue;
		}
		memset(&s, 0, sizeof(s));
		s.type = ph.p_type;
		s.off = ph.p_offset;
		s.vaddr = ph.p_vaddr;
		s.paddr = ph.p_paddr;
		s.filesz = ph.p_filesz;
		s.memsz = ph.p_memsz;
		s.align = ph.p_align;
		s.flags = (ph.p_flags & PF_R ? ELFFILE_PF_R : 0) |
			  (ph.p_flags & PF_W ? ELFFILE_PF_W : 0) |
			  (ph.p_flags & PF_X ? ELFFILE_PF_X : 0);
		g_array_append_val(ef->segs, s);
	}
}

static void elffile_symbols(struct elffile *ef, Elf *elf, Elf_Scn *scn,
			    const GElf_Shdr *sh)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t each = gelf_fsize(elf, ELF_T_SYM, 1, EV_CURRENT);

	if (!d || !each) {
		ef->bad++;
		return;
	}
	for (size_t i = 0; i < d->d_size / each; i++) {
		struct elffile_sym s;
		const char *name;
		GElf_Sym sym;

		if (!gelf_getsym(d, (int)i, &sym)) {
			ef->bad++;
			break;
		}
		name = elf_strptr(elf, sh->sh_link, sym.st_name);
		s.value = sym.st_value;
		s.size = sym.st_size;
		s.func = GELF_ST_TYPE(sym.st_info) == STT_FUNC ||
			 GELF_ST_TYPE(sym.st_info) == STT_GNU_IFUNC;
		s.global = GELF_ST_BIND(sym.st_info) == STB_GLOBAL ||
			   GELF_ST_BIND(sym.st_info) == STB_WEAK;
		s.visible = GELF_ST_VISIBILITY(sym.st_other) == STV_DEFAULT ||
			    GELF_ST_VISIBILITY(sym.st_other) == STV_PROTECTED;
		s.defined = sym.st_shndx != SHN_UNDEF &&
			    (sym.st_shndx < SHN_LORESERVE || sym.st_shndx == SHN_XINDEX);
		s.name = g_strdup(name ? name : "");
		g_array_append_val(ef->syms, s);
	}
}

/* The value of symbol i of the symbol table in section link, or 0. */
static uint64_t elffile_symval(Elf *elf, size_t link, size_t i)
{
	Elf_Scn *scn = elf_getscn(elf, link);
	Elf_Data *d;
	GElf_Sym sym;

	if (!i || !scn || !(d = elf_getdata(scn, NULL)) || !gelf_getsym(d, (int)i, &sym))
		return 0;
	return sym.st_value;
}

static void elffile_relocs(struct elffile *ef, Elf *elf, Elf_Scn *scn,
			   const GElf_Shdr *sh)
{
	int rela = sh->sh_type == SHT_RELA;
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t each = gelf_fsize(elf, rela ? ELF_T_RELA : ELF_T_REL, 1, EV_CURRENT);

	if (!d || !each) {
		ef->bad++;
		return;
	}
	for (size_t i = 0; i < d->d_size / each; i++) {
		struct elffile_rel r;
		GElf_Rela ra;
		GElf_Rel rl;

		memset(&r, 0, sizeof(r));
		if (rela ? !gelf_getrela(d, (int)i, &ra) : !gelf_getrel(d, (int)i, &rl)) {
			ef->bad++;
			break;
		}
		if (rela) {
			r.offset = ra.r_offset;
			r.type = (uint32_t)GELF_R_TYPE(ra.r_info);
			r.target = elffile_symval(elf, sh->sh_link, GELF_R_SYM(ra.r_info)) +
				   (uint64_t)ra.r_addend;
			r.has_target = 1;
		} else {
			r.offset = rl.r_offset;
			r.type = (uint32_t)GELF_R_TYPE(rl.r_info);
		}
		g_array_append_val(ef->rels, r);
	}
}

static void elffile_dyn(struct elffile *ef, const GElf_Dyn *dy)
{
	ef->has_dynamic = 1;
	if (dy->d_tag == DT_BIND_NOW ||
	    (dy->d_tag == DT_FLAGS && (dy->d_un.d_val & DF_BIND_NOW)) ||
	    (dy->d_tag == DT_FLAGS_1 && (dy->d_un.d_val & DF_1_NOW)))
		ef->bind_now = 1;
	if (dy->d_tag == DT_FLAGS_1 && (dy->d_un.d_val & DF_1_PIE))
		ef->flags1_pie = 1;
}

/* The dynamic array as the loader sees it: PT_DYNAMIC, else .dynamic. */
static void elffile_dynamic(struct elffile *ef, Elf *elf)
{
	Elf_Data *d = NULL;
	Elf_Scn *scn = NULL;
	GElf_Dyn dy;

	for (guint i = 0; i < ef->segs->len && !d; i++) {
		const struct elffile_seg *s = &g_array_index(ef->segs, struct elffile_seg, i);

		if (s->type != PT_DYNAMIC)
			continue;
		if (s->off > INT64_MAX || s->filesz > ef->size ||
		    !(d = elf_getdata_rawchunk(elf, (int64_t)s->off, s->filesz, ELF_T_DYN)))
			ef->bad++;
	}
	while (!d && (scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;

		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_DYNAMIC &&
		    !(d = elf_getdata(scn, NULL)))
			ef->bad++;
	}
	for (int i = 0; d && gelf_getdyn(d, i, &dy); i++) {
		elffile_dyn(ef, &dy);
		if (dy.d_tag == DT_NULL)
			break;
	}
}

static void elffile_sections(struct elffile *ef, Elf *elf)
{
	Elf_Scn *scn = NULL;
	size_t shstr = 0;
	int names = !elf_getshdrstrndx(elf, &shstr) && shstr && elf_getscn(elf, shstr);

	if (!names)
		ef->bad++;
	while ((scn = elf_nextscn(elf, scn))) {
		struct elffile_sec s;
		const char *name = NULL;
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh)) {
			ef->bad++;
			continue;
		}
		if (sh.sh_type == SHT_NULL)
			continue;
		if (names)
			name = elf_strptr(elf, shstr, sh.sh_name);
		memset(&s, 0, sizeof(s));
		snprintf(s.name, sizeof(s.name), "%s", name ? name : "");
		s.type = sh.sh_type;
		s.addr = sh.sh_addr;
		s.off = sh.sh_offset;
		s.size = sh.sh_size;
		s.entsize = sh.sh_entsize;
		s.alloc = !!(sh.sh_flags & SHF_ALLOC);
		s.write = !!(sh.sh_flags & SHF_WRITE);
		s.exec = !!(sh.sh_flags & SHF_EXECINSTR);
		g_array_append_val(ef->secs, s);
		if (sh.sh_type == SHT_SYMTAB || sh.sh_type == SHT_DYNSYM)
			elffile_symbols(ef, elf, scn, &sh);
		else if (sh.sh_type == SHT_REL || sh.sh_type == SHT_RELA)
			elffile_relocs(ef, elf, scn, &sh);
	}
}

int elffile_parse(struct elffile *ef, const uint8_t *buf, size_t len,
		  char *err, size_t n)
{
	char *copy;
	GElf_Ehdr eh;
	Elf *elf;
	int rc = 0;

	elffile_clear(ef);
	ef->bad = 0;
	if (elf_version(EV_CURRENT) == EV_NONE) {
		snprintf(err, n, "libelf: %s", elf_errmsg(-1));
		return -EINVAL;
	}
	ef->bytes = g_memdup2(buf, len);
	ef->size = len;
	/* libelf reads the image in place: its own copy, so that nothing it
	 * does to it can reach the bytes checksec reads */
	copy = g_memdup2(buf, len ? len : 1);
	elf = elf_memory(copy, len);
	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
		snprintf(err, n, "not an ELF file (libelf: %s)",
			 elf && elf_kind(elf) != ELF_K_ELF ? "no ELF header" : elf_errmsg(-1));
		rc = -EINVAL;
	} else {
		elffile_header(ef, &eh);
		elffile_segments(ef, elf);
		elffile_sections(ef, elf);
		elffile_dynamic(ef, elf);
	}
	elf_end(elf);
	g_free(copy);
	return rc;
}

static int elffile_read(const char *path, uint8_t **buf, size_t *len, char *err, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;
	struct stat st;
	size_t got = 0;

	if (fd < 0 || fstat(fd, &st)) {
		rc = -errno;
		snprintf(err, n, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > ELFFILE_MAX_SIZE) {
		snprintf(err, n, "%s: %s", path, S_ISREG(st.st_mode) ?
			 "larger than 1 GiB, no unikernel image" : "not a regular file");
		close(fd);
		return S_ISREG(st.st_mode) ? -EFBIG : -EINVAL;
	}
	*buf = g_malloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, *buf + got, (size_t)st.st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			rc = r ? -errno : -EIO;
			snprintf(err, n, "%s: read: %s", path, r ? strerror(errno) :
				 "the file shrank while read");
			g_free(*buf);
			*buf = NULL;
			break;
		}
		got += (size_t)r;
	}
	close(fd);
	*len = got;
	return rc;
}

int elffile_load(struct elffile *ef, const char *path, char *err, size_t n)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	char why[256];
	int rc = elffile_read(path, &buf, &len, err, n);

	if (rc)
		return rc;
	rc = elffile_parse(ef, buf, len, why, sizeof(why));
	if (rc)
		snprintf(err, n, "%s: %s", path, why);
	g_free(buf);
	return rc;
}

const struct elffile_sec *elffile_sec_at(const struct elffile *ef, uint64_t a)
{
	for (guint i = 0; i < ef->secs->len; i++) {
		const struct elffile_sec *s = &g_array_index(ef->secs, struct elffile_sec, i);

		if (s->alloc && a >= s->addr && a - s->addr < s->size)
			return s;
	}
	return NULL;
}

int64_t elffile_file_off(const struct elffile *ef, uint64_t a)
{
	for (guint i = 0; i < ef->segs->len; i++) {
		const struct elffile_seg *s = &g_array_index(ef->segs, struct elffile_seg, i);

		if (s->type == PT_LOAD && a >= s->vaddr && a - s->vaddr < s->filesz &&
		    s->off + (a - s->vaddr) <= INT64_MAX)
			return (int64_t)(s->off + (a - s->vaddr));
	}
	return -1;
}

const uint8_t *elffile_bytes(const struct elffile *ef, uint64_t off, uint64_t len,
			     size_t cap, size_t *got)
{
	*got = 0;
	if (off >= ef->size || !len)
		return NULL;
	if (len > cap)
		len = cap;
	if (len > ef->size - off)
		len = ef->size - off;
	*got = (size_t)len;
	return ef->bytes + off;
}
