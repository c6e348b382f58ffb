"""User administration (admins only: the whole blueprint needs the admin role)."""
