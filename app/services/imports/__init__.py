"""Imports: briefing papers (PDF, Word, text), UPR recommendation lists, uploaded spreadsheets and the uploads kept between preview and confirmation."""
