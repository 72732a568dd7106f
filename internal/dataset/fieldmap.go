package dataset

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/idmatch/idmatch/match"
)

// ErrBadFieldMap is wrapped by every error about a field map: a malformed -fields string, or
// a map that does not fit the file's header.
var ErrBadFieldMap = errors.New("dataset: bad field map")

// field numbers the Record fields a column can feed. fieldNone marks an unmapped column and
// fieldExtra a column that becomes a Record.Extra entry.
type field uint8

const (
	fieldNone field = iota
	fieldID
	fieldFirstName
	fieldLastName
	fieldMiddleName
	fieldFullName
	fieldPhone
	fieldEmail
	fieldCity
	fieldBirthDate
	fieldSource
	fieldGender
	fieldHandle
	fieldExtra
	numFields
)

// fieldNames are the role names of the Record fields, as written in a field map.
var fieldNames = [numFields]string{
	fieldID:         "id",
	fieldFirstName:  "first_name",
	fieldLastName:   "last_name",
	fieldMiddleName: "middle_name",
	fieldFullName:   "full_name",
	fieldPhone:      "phone",
	fieldEmail:      "email",
	fieldCity:       "city",
	fieldBirthDate:  "birth_date",
	fieldSource:     "source",
	fieldGender:     "gender",
	fieldHandle:     "handle",
}

// headerRole is what a header name means by itself: a Record field, or a built-in extra
// field (field is fieldExtra) with its key and kind.
type headerRole struct {
	field field
	extra string
	kind  match.FieldKind
}

// headerRoles maps normalized header names (see normalizeHeader) to their roles, in Russian
// and English. A wrong guess silently feeds a field, so every name here is one that CRM
// exports use for exactly that meaning.
var headerRoles = func() map[string]headerRole {
	m := make(map[string]headerRole)
	add := func(r headerRole, names ...string) {
		for _, n := range names {
			m[normalizeHeader(n)] = r
		}
	}
	f := func(fl field) headerRole { return headerRole{field: fl} }
	x := func(key string, k match.FieldKind) headerRole {
		return headerRole{field: fieldExtra, extra: key, kind: k}
	}
	add(f(fieldID), "id", "ид", "код", "номер клиента", "код клиента", "client id", "customer id", "record id", "rec_id", "unique_id", "идентификатор")
	add(f(fieldFullName), "ФИО", "full name", "name", "фамилия имя отчество", "полное имя")
	add(f(fieldLastName), "Фамилия", "surname", "last name", "family name")
	add(f(fieldFirstName), "Имя", "first name", "given name")
	add(f(fieldMiddleName), "Отчество", "patronymic", "middle name")
	add(f(fieldPhone), "Телефон", "Мобильный", "Моб. телефон", "Мобильный телефон", "Рабочий телефон", "Домашний телефон",
		"Сотовый", "Сотовый телефон", "Тел", "phone", "phone number", "mobile", "mobile phone", "telephone", "tel", "cell",
		"cell phone", "work phone", "home phone")
	add(f(fieldEmail), "E-mail", "Email", "Эл. почта", "Электронная почта", "Почта", "mail", "email address")
	add(f(fieldBirthDate), "Дата рождения", "ДР", "birthday", "dob", "date of birth", "birth date", "birth_date")
	add(f(fieldCity), "Город", "Населенный пункт", "town", "city", "locality")
	add(f(fieldGender), "Пол", "sex", "gender")
	add(f(fieldHandle), "ВКонтакте", "ВК", "VK", "vk id", "Telegram", "Телеграм", "Телеграмм", "tg", "Instagram",
		"Инстаграм", "Facebook", "fb", "Одноклассники", "ok", "profile", "Профиль", "handle", "social", "Соцсеть", "Соцсети")
	add(f(fieldSource), "Источник", "source", "channel", "Канал")
	add(x("passport", match.Exact), "Паспорт", "passport", "Номер паспорта", "passport number")
	add(x("inn", match.Exact), "ИНН", "inn", "tax id")
	add(x("snils", match.Exact), "СНИЛС", "snils")
	add(x("address", match.Text), "Адрес", "address")
	return m
}()

// normalizeHeader folds a header name for lookup: lower case, ё as е, and only letters and
// digits kept, so that "Моб. телефон", "E-mail", "date_of_birth" and "Date of birth" each
// find their role.
func normalizeHeader(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c == 'ё' || c == 'Ё':
			b.WriteRune('е')
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			b.WriteRune(unicode.ToLower(c))
		}
	}
	return b.String()
}

// multi reports whether several columns may feed f (their values are appended).
func (f field) multi() bool { return f == fieldPhone || f == fieldEmail || f == fieldHandle }

// compared reports whether the Matcher compares f; id and source are only carried.
func (f field) compared() bool { return f != fieldID && f != fieldSource && f != fieldNone }

func parseField(s string) (field, bool) {
	if s == "handles" {
		return fieldHandle, true
	}
	for f, n := range fieldNames {
		if n != "" && n == s {
			return field(f), true
		}
	}
	return fieldNone, false
}

// implicitRole returns the role a column has by its name alone (see headerRoles).
func implicitRole(column string) (headerRole, bool) {
	r, ok := headerRoles[normalizeHeader(column)]
	return r, ok
}

// Role is what a column means: a Record field, or an extra field compared with a kind.
//
// Exactly one of Field and Kind is set: Field is one of "id", "first_name", "last_name",
// "middle_name", "full_name", "phone", "email", "city", "birth_date", "source", "gender",
// "handle"; or Field is empty and Kind says how the extra field (Record.Extra) is compared.
// Role is a plain value, safe to copy and to use concurrently.
type Role struct {
	Field string
	Kind  match.FieldKind
}

// String returns the role as written in a field map: the field name or the kind name.
func (r Role) String() string {
	if r.Field != "" {
		return r.Field
	}
	return r.Kind.String()
}

// entry is one column:role pair of a FieldMap.
type entry struct {
	column string
	field  field
	kind   match.FieldKind // set only when field is fieldExtra
}

func (e entry) role() Role {
	if e.field == fieldExtra {
		return Role{Kind: e.kind}
	}
	return Role{Field: fieldNames[e.field]}
}

// FieldMap maps column names to roles. Build one with ParseFieldMap; the zero value is an
// empty map, under which every column is matched by its name alone.
//
// Columns not in the map are matched by name, in Russian or English. Names are compared
// folded: lower case, ё as е, spaces, punctuation, underscores and dashes left out, so that
// "Моб. телефон", "E-mail" and "Date_of_Birth" need no entry. The names known are:
//
//	id           id, ID, Код, Номер клиента, client id, customer id, record id, rec_id, unique_id
//	full_name    ФИО, full name, name
//	last_name    Фамилия, surname, last name
//	first_name   Имя, first name, given name
//	middle_name  Отчество, patronymic, middle name
//	phone        Телефон, Мобильный, Моб. телефон, Рабочий телефон, phone, mobile, telephone, tel, cell
//	email        E-mail, Email, Эл. почта, Почта, mail
//	birth_date   Дата рождения, ДР, birthday, dob, date of birth, birth date
//	city         Город, town, city, locality
//	gender       Пол, sex, gender
//	handle       ВКонтакте, VK, vk id, Telegram, Телеграм, tg, Instagram, Facebook,
//	             Одноклассники, ok, profile, handle, social
//	source       Источник, source, channel
//
// and a few close variants of these. Four more names make built-in extra fields, keyed by
// their English name: Паспорт/passport (exact, key "passport"), ИНН/inn/tax id (exact,
// "inn"), СНИЛС/snils (exact, "snils") and Адрес/address (text, "address").
//
// An explicit entry always wins: when the map gives a field to one column, no other column
// takes it by name. Among columns matched by name, the first in header order takes a field,
// except phone, email and handle, which every matching column feeds (values are appended in
// column order). Columns left unmapped are not used for matching (unless
// Options.KeepColumns) but are still returned in Row.Columns.
//
// An entry that gives a kind to a column named like a built-in field never makes a second,
// duplicate field: a compared Record field is fed instead and the kind is not used
// (gender:exact feeds Record.Gender, surname:exact LastName); a built-in extra field keeps
// its key with the kind given (passport:text); id and source, which are not compared, make
// the extra field "x_" + column (id:exact makes x_id), as does a kind given to a column whose
// field another entry already feeds. Any other extra field is keyed by its column name.
//
// A FieldMap is immutable once built and safe for concurrent use.
type FieldMap struct {
	entries []entry
}

// ParseFieldMap parses the -fields syntax: comma-separated column:role pairs, where role is a
// Record field name ("id", "first_name", "last_name", "middle_name", "full_name", "phone",
// "email", "city", "birth_date", "source", "gender", "handle") or a comparator kind
// ("exact", "text", "name", "date", "number") that makes the column an extra field.
// Spaces around names are ignored; a column name may contain ':' (the last one separates the
// role) but not ','. The empty string gives an empty map.
//
// Errors wrap ErrBadFieldMap and name the offending pair: a pair without ':', an empty
// column, an unknown role, a column given twice, or a single-valued field (all but phone,
// email and handle) given to two columns.
//
// Febrl example:
//
//	rec_id:id,given_name:first_name,surname:last_name,date_of_birth:birth_date,suburb:city,postcode:exact,address_1:text,soc_sec_id:exact
func ParseFieldMap(s string) (FieldMap, error) {
	if strings.TrimSpace(s) == "" {
		return FieldMap{}, nil
	}
	var m FieldMap
	owner := make(map[field]string)
	seen := make(map[string]bool)
	for i, pair := range strings.Split(s, ",") {
		pair = strings.TrimSpace(pair)
		colon := strings.LastIndexByte(pair, ':')
		if colon < 0 {
			return FieldMap{}, fmt.Errorf("%w: pair %d %q: want column:role", ErrBadFieldMap, i+1, pair)
		}
		column := strings.TrimSpace(pair[:colon])
		roleName := strings.TrimSpace(pair[colon+1:])
		if column == "" {
			return FieldMap{}, fmt.Errorf("%w: pair %d %q: empty column name", ErrBadFieldMap, i+1, pair)
		}
		e := entry{column: column}
		if f, ok := parseField(roleName); ok {
			e.field = f
		} else if k, ok := match.ParseFieldKind(roleName); ok {
			e.field, e.kind = fieldExtra, k
		} else {
			return FieldMap{}, fmt.Errorf("%w: pair %d %q: unknown role %q (want a field: %s; or a kind: exact, text, name, date, number)",
				ErrBadFieldMap, i+1, pair, roleName, strings.Join(fieldNames[fieldID:fieldExtra], ", "))
		}
		if seen[column] {
			return FieldMap{}, fmt.Errorf("%w: column %q mapped twice", ErrBadFieldMap, column)
		}
		seen[column] = true
		if e.field != fieldExtra && !e.field.multi() {
			if prev, ok := owner[e.field]; ok {
				return FieldMap{}, fmt.Errorf("%w: field %s given to both %q and %q", ErrBadFieldMap, fieldNames[e.field], prev, column)
			}
			owner[e.field] = column
		}
		m.entries = append(m.entries, e)
	}
	return m, nil
}

// Lookup returns the role the map gives to column, and whether it gives one. Columns matched
// by name alone are not reported.
func (m FieldMap) Lookup(column string) (Role, bool) {
	if e, ok := m.lookup(column); ok {
		return e.role(), true
	}
	return Role{}, false
}

func (m FieldMap) lookup(column string) (entry, bool) {
	for _, e := range m.entries {
		if e.column == column {
			return e, true
		}
	}
	return entry{}, false
}

// Len returns the number of column:role pairs in the map.
func (m FieldMap) Len() int { return len(m.entries) }

// Extras returns the extra fields the map makes (columns mapped to a kind, under the keys
// described at FieldMap) and their kinds, ready for match.WithField. Columns a header makes
// extra fields by name alone are not included: see Reader.Extras. The map is new on each
// call; the caller may modify it.
func (m FieldMap) Extras() map[string]match.FieldKind {
	out := make(map[string]match.FieldKind)
	for _, e := range m.entries {
		if c := e.resolve(); c.field == fieldExtra {
			out[c.key] = c.kind
		}
	}
	return out
}

// String returns the map in the syntax ParseFieldMap reads, pairs in their original order.
func (m FieldMap) String() string {
	var b strings.Builder
	for i, e := range m.entries {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(e.column)
		b.WriteByte(':')
		b.WriteString(e.role().String())
	}
	return b.String()
}

// resolve returns the column an entry makes. A kind given to a column named like a Record
// field that the Matcher compares feeds that field instead (gender:exact feeds Gender), so
// that no extra field duplicates a built-in one; named like a built-in extra field
// (passport, inn, snils, address) it keeps that field's key with the kind given; named like
// id or source, which are not compared, it becomes the extra field "x_" + column.
func (e entry) resolve() column {
	c := column{name: e.column, field: e.field}
	if e.field != fieldExtra {
		return c
	}
	c.kind = e.kind
	hr, named := implicitRole(e.column)
	switch {
	case !named:
		c.key = e.column
	case hr.field == fieldExtra:
		c.key = hr.extra
	case hr.field.compared():
		c.field, c.kind = hr.field, 0
		c.note = fmt.Sprintf("named like the built-in field %s, which it feeds instead of an extra field of kind %s", fieldNames[hr.field], e.kind)
	default:
		c.key = "x_" + e.column
		c.note = fmt.Sprintf("%s is not compared, so this is extra field %s", fieldNames[hr.field], c.key)
	}
	return c
}

// claims returns the single-valued fields and the extra-field keys the map assigns, each
// with the column that feeds it, which columns matched by name may therefore not take.
func (m FieldMap) claims() (map[field]string, map[string]string) {
	owner := make(map[field]string)
	keys := make(map[string]string)
	for _, e := range m.entries {
		c := e.resolve()
		switch {
		case c.field == fieldExtra:
			if _, ok := keys[c.key]; !ok {
				keys[c.key] = e.column
			}
		case !c.field.multi():
			if _, ok := owner[c.field]; !ok {
				owner[c.field] = e.column
			}
		}
	}
	return owner, keys
}
