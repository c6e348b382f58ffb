"""Parley's logic with no request in it, one package per thing the users work with
(meetings, people, follow-ups, substance, reporting, packs, imports, data protection, admin),
and beside them the modules every page shares (listing, sorting, sections, lookup, drafts,
editing, pdf)."""
