"""Organisations: EU institutions, embassies, ministries, NGOs and media."""
