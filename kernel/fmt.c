/* SPDX-License-Identifier: MIT */
/*
 * A small vsnprintf. It never writes past the buffer, always terminates a
 * non-empty buffer, and returns the length the full output would have had,
 * as C99 requires, so callers can detect truncation. Pure C: the host unit
 * tests compare it with the C library's.
 */
#include <kernel/fmt.h>
#include <stdbool.h>
#include <stdint.h>

struct fmt_out {
	char *buf;
	size_t size;
	size_t len; /* characters produced so far, written or not */
};

struct fmt_spec {
	bool left;  /* '-' */
	bool zero;  /* '0' */
	bool plus;  /* '+' */
	bool space; /* ' ' */
	bool alt;   /* '#' */
	int width;
	int precision; /* -1: none given */
};

static void fmt_putc(struct fmt_out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void fmt_pad(struct fmt_out *o, char c, int n)
{
	while (n-- > 0)
		fmt_putc(o, c);
}

static void fmt_string(struct fmt_out *o, const struct fmt_spec *sp,
		       const char *s)
{
	int len = 0;

	if (!s)
		s = "(null)";
	while (s[len] && (sp->precision < 0 || len < sp->precision))
		len++;
	if (!sp->left)
		fmt_pad(o, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		fmt_putc(o, s[i]);
	if (sp->left)
		fmt_pad(o, ' ', sp->width - len);
}

/*
 * Format an unsigned magnitude with an optional sign character and a
 * prefix ("0x" for %#x and %p). Digits are built backwards in a buffer
 * big enough for 64 bits in octal.
 */
static void fmt_number(struct fmt_out *o, const struct fmt_spec *sp, uint64_t v,
		       unsigned base, bool upper, char sign, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, plen = 0, zeros = 0, total;

	while (v) {
		tmp[n++] = digits[v % base];
		v /= base;
	}
	if (sp->precision < 0 && n == 0)
		tmp[n++] = '0';
	if (sp->precision > n)
		zeros = sp->precision - n;
	while (prefix && prefix[plen])
		plen++;
	total = n + zeros + plen + (sign ? 1 : 0);
	if (sp->zero && !sp->left && sp->precision < 0 && sp->width > total) {
		zeros += sp->width - total;
		total = sp->width;
	}
	if (!sp->left)
		fmt_pad(o, ' ', sp->width - total);
	if (sign)
		fmt_putc(o, sign);
	for (int i = 0; i < plen; i++)
		fmt_putc(o, prefix[i]);
	fmt_pad(o, '0', zeros);
	while (n)
		fmt_putc(o, tmp[--n]);
	if (sp->left)
		fmt_pad(o, ' ', sp->width - total);
}

/* Parse flags, width and precision after '%'; returns the new position. */
static const char *fmt_parse_spec(const char *f, struct fmt_spec *sp,
				  va_list *ap)
{
	*sp = (struct fmt_spec){.precision = -1};
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else if (*f == '+')
			sp->plus = true;
		else if (*f == ' ')
			sp->space = true;
		else if (*f == '#')
			sp->alt = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	}
	while (*f >= '0' && *f <= '9' && sp->width < 100000)
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->precision = 0;
		if (*f == '*') {
			sp->precision = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9' && sp->precision < 100000)
			sp->precision = sp->precision * 10 + (*f++ - '0');
	}
	return f;
}

enum fmt_len { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE };

static const char *fmt_parse_len(const char *f, enum fmt_len *len)
{
	*len = LEN_INT;
	if (f[0] == 'h' && f[1] == 'h')
		return *len = LEN_CHAR, f + 2;
	if (f[0] == 'h')
		return *len = LEN_SHORT, f + 1;
	if (f[0] == 'l' && f[1] == 'l')
		return *len = LEN_LLONG, f + 2;
	if (f[0] == 'l')
		return *len = LEN_LONG, f + 1;
	if (f[0] == 'z')
		return *len = LEN_SIZE, f + 1;
	return f;
}

static int64_t fmt_get_signed(enum fmt_len len, va_list *ap)
{
	switch (len) {
	case LEN_CHAR:
		return (signed char)va_arg(*ap, int);
	case LEN_SHORT:
		return (short)va_arg(*ap, int);
	case LEN_LONG:
		return va_arg(*ap, long);
	case LEN_LLONG:
		return va_arg(*ap, long long);
	case LEN_SIZE:
		return (int64_t)va_arg(*ap, size_t);
	default:
		return va_arg(*ap, int);
	}
}

static uint64_t fmt_get_unsigned(enum fmt_len len, va_list *ap)
{
	switch (len) {
	case LEN_CHAR:
		return (unsigned char)va_arg(*ap, unsigned);
	case LEN_SHORT:
		return (unsigned short)va_arg(*ap, unsigned);
	case LEN_LONG:
		return va_arg(*ap, unsigned long);
	case LEN_LLONG:
		return va_arg(*ap, unsigned long long);
	case LEN_SIZE:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned);
	}
}

/* One conversion; f points at the conversion character. */
static void fmt_convert(struct fmt_out *o, struct fmt_spec *sp, char conv,
			enum fmt_len len, va_list *ap)
{
	int64_t sv;
	uint64_t uv;
	char c;

	switch (conv) {
	case 'd':
	case 'i':
		sv = fmt_get_signed(len, ap);
		uv = sv < 0 ? -(uint64_t)sv : (uint64_t)sv;
		fmt_number(o, sp, uv, 10, false,
			   sv < 0      ? '-'
			   : sp->plus  ? '+'
			   : sp->space ? ' '
				       : 0,
			   NULL);
		break;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		uv = fmt_get_unsigned(len, ap);
		fmt_number(o, sp, uv,
			   conv == 'u'   ? 10
			   : conv == 'o' ? 8
					 : 16,
			   conv == 'X', 0,
			   sp->alt && uv && conv != 'u' ? (conv == 'o'   ? "0"
							   : conv == 'X' ? "0X"
									 : "0x")
							: NULL);
		break;
	case 'p':
		uv = (uintptr_t)va_arg(*ap, void *);
		fmt_number(o, sp, uv, 16, false, 0, "0x");
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		if (!sp->left)
			fmt_pad(o, ' ', sp->width - 1);
		fmt_putc(o, c);
		if (sp->left)
			fmt_pad(o, ' ', sp->width - 1);
		break;
	case 's':
		fmt_string(o, sp, va_arg(*ap, const char *));
		break;
	default:
		/* Unknown conversion: show it rather than guess. */
		fmt_putc(o, '%');
		fmt_putc(o, conv);
		break;
	}
}

int fmt_vsnprintf(char *buf, size_t size, const char *f, va_list ap_in)
{
	struct fmt_out o = {.buf = buf, .size = size, .len = 0};
	struct fmt_spec sp;
	enum fmt_len len;
	va_list ap;

	va_copy(ap, ap_in);
	while (*f) {
		if (*f != '%') {
			fmt_putc(&o, *f++);
			continue;
		}
		f++;
		if (*f == '%') {
			fmt_putc(&o, *f++);
			continue;
		}
		f = fmt_parse_spec(f, &sp, &ap);
		f = fmt_parse_len(f, &len);
		if (!*f)
			break;
		fmt_convert(&o, &sp, *f++, len, &ap);
	}
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
