"""Names of states, to tell a recommending state "(Norway)" from any other parenthesis.

UN member and observer states as UPR documents write them, with common short forms.
"""

from __future__ import annotations

from app.services.folding import normalise

_NAMES = """
Afghanistan; Albania; Algeria; Andorra; Angola; Antigua and Barbuda; Argentina; Armenia;
Australia; Austria; Azerbaijan; Bahamas; Bahrain; Bangladesh; Barbados; Belarus; Belgium;
Belize; Benin; Bhutan; Bolivia; Bolivia (Plurinational State of); Bosnia and Herzegovina;
Botswana; Brazil; Brunei Darussalam; Bulgaria; Burkina Faso; Burundi; Cabo Verde; Cambodia;
Cameroon; Canada; Central African Republic; Chad; Chile; China; Colombia; Comoros; Congo;
Costa Rica; Côte d'Ivoire; Côte d’Ivoire; Croatia; Cuba; Cyprus; Czechia; Czech Republic;
Democratic People's Republic of Korea; Democratic Republic of the Congo; Denmark; Djibouti;
Dominica; Dominican Republic; Ecuador; Egypt; El Salvador; Equatorial Guinea; Eritrea; Estonia;
Eswatini; Ethiopia; Fiji; Finland; France; Gabon; Gambia; Georgia; Germany; Ghana; Greece;
Grenada; Guatemala; Guinea; Guinea-Bissau; Guyana; Haiti; Holy See; Honduras; Hungary; Iceland;
India; Indonesia; Iran; Iran (Islamic Republic of); Iraq; Ireland; Israel; Italy; Jamaica;
Japan; Jordan; Kazakhstan; Kenya; Kiribati; Kuwait; Kyrgyzstan; Lao People's Democratic
Republic; Latvia; Lebanon; Lesotho; Liberia; Libya; Liechtenstein; Lithuania; Luxembourg;
Madagascar; Malawi; Malaysia; Maldives; Mali; Malta; Marshall Islands; Mauritania; Mauritius;
Mexico; Micronesia (Federated States of); Monaco; Mongolia; Montenegro; Morocco; Mozambique;
Myanmar; Namibia; Nauru; Nepal; Netherlands; Netherlands (Kingdom of the); New Zealand;
Nicaragua; Niger; Nigeria; North Macedonia; Norway; Oman; Pakistan; Palau; Panama;
Papua New Guinea; Paraguay; Peru; Philippines; Poland; Portugal; Qatar; Republic of Korea;
Republic of Moldova; Moldova; Romania; Russian Federation; Russia; Rwanda; Saint Kitts and Nevis;
Saint Lucia; Saint Vincent and the Grenadines; Samoa; San Marino; Sao Tome and Principe;
Saudi Arabia; Senegal; Serbia; Seychelles; Sierra Leone; Singapore; Slovakia; Slovenia;
Solomon Islands; Somalia; South Africa; South Sudan; Spain; Sri Lanka; State of Palestine;
Sudan; Suriname; Sweden; Switzerland; Syrian Arab Republic; Tajikistan; Thailand; Timor-Leste;
Togo; Tonga; Trinidad and Tobago; Tunisia; Türkiye; Turkey; Turkmenistan; Tuvalu; Uganda;
Ukraine; United Arab Emirates; United Kingdom; United Kingdom of Great Britain and Northern
Ireland; United Republic of Tanzania; United States; United States of America; Uruguay;
Uzbekistan; Vanuatu; Venezuela; Venezuela (Bolivarian Republic of); Viet Nam; Vietnam; Yemen;
Zambia; Zimbabwe
"""

STATES = frozenset(normalise(" ".join(name.split())) for name in _NAMES.split(";"))


def is_state(name: str) -> bool:
    """True when ``name`` is a state's name (case, accents and apostrophes ignored)."""
    return normalise(" ".join(name.split())) in STATES
