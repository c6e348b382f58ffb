"""Choosing records in lookup fields (type-aheads) as a person does: type, then pick."""

from __future__ import annotations

from playwright.sync_api import expect


def pick(scope, label: str, query: str, option: str, keyboard: bool = False) -> None:
    """Type ``query`` into the lookup field labelled ``label`` (inside ``scope``: a page or a
    row), then choose the option starting with ``option`` by mouse, or by Down and Enter."""
    box = scope.get_by_role("combobox", name=label, exact=True)
    box.fill(query)
    page = scope.page if hasattr(scope, "page") else scope
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    choice = listbox.get_by_role("option", name=option)
    expect(choice.first).to_be_visible()
    if keyboard:
        names = listbox.get_by_role("option").all_inner_texts()
        for _ in range(next(i for i, n in enumerate(names) if n.startswith(option)) + 1):
            box.press("ArrowDown")
        expect(box).to_have_attribute("aria-activedescendant",
                                      choice.first.get_attribute("id"))
        box.press("Enter")
    else:
        choice.first.click()
    expect(listbox).to_be_hidden()
