"""The debrief of a dialogue event: page, Markdown and PDF."""
