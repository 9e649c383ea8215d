"""Build data/donations.csv, donors.csv and sources.csv from the curated records below.

The records are written by hand from a sentence-by-sentence reading of the two
articles in seeds/. A quote is never typed: it is cut from the seed file between a
start and an end snippet, so it is the article's text character for character.
Record ids are fixed here and never renumbered. Run from the repository root:

    uv run python scripts/build_dataset.py [OUTPUT_DIR]
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DATA = ROOT / "data"

SOURCES = [
    {
        "source": "ciua",
        "title": "China's Global Aid Blitz and \"Mask Diplomacy\"",
        "author": "Tom Alton",
        "publisher": "CIUA",
        "published": "2020",
        "file": "seeds/000_9c6139d9da78928d.txt",
    },
    {
        "source": "inss",
        "title": "China's Donation Diplomacy (INSS Insight No. 1324)",
        "author": "Hiddai Segev; Galia Lavi",
        "publisher": "The Institute for National Security Studies (INSS)",
        "published": "2020-05-31",
        "file": "seeds/001_2f691e362905ed51.txt",
    },
]

# The euro rate the first article itself gives: EUR 10 million = USD 11.07 million.
EUR_USD = 1.107

# Countries used by the records: common English short name -> (ISO 3166-1 alpha-3, UN M49 continent).
COUNTRIES: dict[str, tuple[str, str]] = {
    "Argentina": ("ARG", "Americas"), "Azerbaijan": ("AZE", "Asia"), "Belgium": ("BEL", "Europe"),
    "Bhutan": ("BTN", "Asia"), "Brazil": ("BRA", "Americas"), "Cambodia": ("KHM", "Asia"),
    "Canada": ("CAN", "Americas"), "Chile": ("CHL", "Americas"), "China": ("CHN", "Asia"),
    "Ecuador": ("ECU", "Americas"), "Estonia": ("EST", "Europe"), "Fiji": ("FJI", "Oceania"),
    "France": ("FRA", "Europe"), "Germany": ("DEU", "Europe"), "Greece": ("GRC", "Europe"),
    "India": ("IND", "Asia"), "Indonesia": ("IDN", "Asia"), "Iran": ("IRN", "Asia"),
    "Iraq": ("IRQ", "Asia"), "Ireland": ("IRL", "Europe"), "Israel": ("ISR", "Asia"),
    "Italy": ("ITA", "Europe"), "Japan": ("JPN", "Asia"), "Kazakhstan": ("KAZ", "Asia"),
    "Kyrgyzstan": ("KGZ", "Asia"), "Laos": ("LAO", "Asia"), "Latvia": ("LVA", "Europe"),
    "Lebanon": ("LBN", "Asia"), "Lithuania": ("LTU", "Europe"), "Malaysia": ("MYS", "Asia"),
    "Mexico": ("MEX", "Americas"), "Mongolia": ("MNG", "Asia"), "Myanmar": ("MMR", "Asia"),
    "Netherlands": ("NLD", "Europe"), "Pakistan": ("PAK", "Asia"), "Peru": ("PER", "Americas"),
    "Philippines": ("PHL", "Asia"), "Poland": ("POL", "Europe"), "Saudi Arabia": ("SAU", "Asia"),
    "Serbia": ("SRB", "Europe"), "Slovenia": ("SVN", "Europe"), "South Korea": ("KOR", "Asia"),
    "Spain": ("ESP", "Europe"), "Sweden": ("SWE", "Europe"), "Switzerland": ("CHE", "Europe"),
    "Thailand": ("THA", "Asia"), "Turkey": ("TUR", "Asia"), "United States": ("USA", "Americas"),
    "Uzbekistan": ("UZB", "Asia"), "Venezuela": ("VEN", "Americas"), "Vietnam": ("VNM", "Asia"),
}

# The 54 UN member states in Africa ("each of the 54 African nations").
AFRICA: dict[str, str] = {
    "Algeria": "DZA", "Angola": "AGO", "Benin": "BEN", "Botswana": "BWA", "Burkina Faso": "BFA",
    "Burundi": "BDI", "Cabo Verde": "CPV", "Cameroon": "CMR", "Central African Republic": "CAF",
    "Chad": "TCD", "Comoros": "COM", "Republic of the Congo": "COG",
    "Democratic Republic of the Congo": "COD", "Côte d'Ivoire": "CIV", "Djibouti": "DJI",
    "Egypt": "EGY", "Equatorial Guinea": "GNQ", "Eritrea": "ERI", "Eswatini": "SWZ",
    "Ethiopia": "ETH", "Gabon": "GAB", "Gambia": "GMB", "Ghana": "GHA", "Guinea": "GIN",
    "Guinea-Bissau": "GNB", "Kenya": "KEN", "Lesotho": "LSO", "Liberia": "LBR", "Libya": "LBY",
    "Madagascar": "MDG", "Malawi": "MWI", "Mali": "MLI", "Mauritania": "MRT", "Mauritius": "MUS",
    "Morocco": "MAR", "Mozambique": "MOZ", "Namibia": "NAM", "Niger": "NER", "Nigeria": "NGA",
    "Rwanda": "RWA", "Sao Tome and Principe": "STP", "Senegal": "SEN", "Seychelles": "SYC",
    "Sierra Leone": "SLE", "Somalia": "SOM", "South Africa": "ZAF", "South Sudan": "SSD",
    "Sudan": "SDN", "Tanzania": "TZA", "Togo": "TGO", "Tunisia": "TUN", "Uganda": "UGA",
    "Zambia": "ZMB", "Zimbabwe": "ZWE",
}
COUNTRIES.update({name: (iso3, "Africa") for name, iso3 in AFRICA.items()})
AFRICAN_NATIONS = list(AFRICA)

ORGANISATIONS = {
    "World Health Organization": "International",
    "European Union": "Europe",
    "African Union": "Africa",
}

ITEM_GROUPS = {
    "medical masks": "masks", "N95 masks": "masks", "masks": "masks",
    "test kits": "tests", "test reagents": "tests",
    "protective suits": "protective-clothing", "protective clothing": "protective-clothing",
    "protective equipment": "protective-clothing", "shoe covers": "protective-clothing",
    "protective suits/face shields": "protective-clothing",
    "goggles": "eye-face-protection", "face shields": "eye-face-protection",
    "gloves": "gloves",
    "ventilators": "ventilators",
    "medical monitors": "equipment", "medical equipment": "equipment",
    "medicines": "medicines", "vaccines": "medicines",
    "medical staff": "personnel", "video consultations": "personnel",
    "medical supplies": "supplies", "assistance": "supplies", "aid package": "supplies",
    "cash": "cash",
    "hospital": "infrastructure",
    "communications equipment": "communications", "computer network": "communications",
    "transport": "logistics", "cargo flights": "logistics", "distribution": "logistics",
}

# donor, donor_type, country, parent, members, aliases
DONORS: list[tuple[str, str, str, str, str, str]] = [
    ("Chinese government", "central-government", "CHN", "", "",
     "Chinese Government; China's government; Chinese Foreign Ministry; China's Foreign Ministry; Xi Jinping"),
    ("China International Development Cooperation Agency", "central-government", "CHN",
     "Chinese government", "", "CIDCA"),
    ("China (unspecified)", "unnamed", "CHN", "", "", "China; Chinese sources"),
    ("Jack Ma Foundation and Alibaba Foundation", "foundation", "CHN", "",
     "Jack Ma Foundation; Alibaba Foundation",
     "Alibaba Foundation and Jack Ma Foundation; Jack Ma and Alibaba foundations"),
    ("Jack Ma Foundation", "foundation", "CHN", "", "", "Jack Ma"),
    ("Alibaba Foundation", "foundation", "CHN", "Alibaba", "", ""),
    ("Alibaba", "private-company", "CHN", "", "", "Alibaba Group"),
    ("Bank of China", "state-owned-enterprise", "CHN", "", "", "BOC"),
    ("Huawei", "private-company", "CHN", "", "",
     "Huawei Corporation; Huawei Technologies; the corporation"),
    ("Toga Networks", "private-company", "CHN", "Huawei", "", "Toga"),
    ("Xiaomi", "private-company", "CHN", "", "", ""),
    ("Oppo", "private-company", "CHN", "", "", "OPPO"),
    ("Chinese companies (Huawei, Alibaba, Oppo, Xiaomi and others)", "private-company", "CHN", "",
     "Huawei; Alibaba; Oppo; Xiaomi", "Chinese companies"),
    ("Zhejiang Province", "sub-national-government", "CHN", "", "", "Zhejiang"),
    ("Fujian Province", "sub-national-government", "CHN", "", "", "Fujian"),
    ("Beijing Municipality", "sub-national-government", "CHN", "", "", "Beijing Municipal Government"),
    ("Guangzhou Municipality", "sub-national-government", "CHN", "", "",
     "Guangzhou; municipality of Guangzhou"),
    ("Xinjiang local government", "sub-national-government", "CHN", "", "",
     "Xinjiang; Xinjiang Uyghur Autonomous Region"),
    ("Red Cross Society of China", "red-cross", "CHN", "", "",
     "Chinese Red Cross; Chinese Red Cross Society; RCSC"),
    ("Chinese Embassy in Iran", "embassy", "CHN", "Chinese government", "", "China's Embassy in Iran"),
    ("Chinese Embassy in Japan", "embassy", "CHN", "Chinese government", "",
     "Chinese embassy in Tokyo; China's Ambassador to Japan"),
    ("Beijing Zhaotai Group", "private-company", "CHN", "", "", "Zhaotai"),
    ("Beijing Zhaotai Group and Chinese Embassy in Japan", "private-company", "CHN", "",
     "Beijing Zhaotai Group; Chinese Embassy in Japan", ""),
    ("Charhar Institute", "civil-society", "CHN", "", "", "Charhar"),
    ("Xiamen Airlines", "state-owned-enterprise", "CHN", "", "", ""),
    ("China Communications Construction", "state-owned-enterprise", "CHN", "", "",
     "China Communications Construction Company; CCCC"),
    ("Industrial and Commercial Bank of China", "state-owned-enterprise", "CHN", "", "",
     "ICBC; Chinese ICBC Bank"),
    ("People's Liberation Army", "military", "CHN", "", "", "PLA; Chinese military; Chinese army"),
    ("China Radio International", "central-government", "CHN", "", "",
     "Chinese International Radio; CRI"),
    ("Chinese tourists in Iran", "civil-society", "CHN", "", "", "Chinese tourists"),
    ("Chinese community in Madrid", "civil-society", "CHN", "", "", ""),
    ("Chinese graduates of Bar-Ilan University", "civil-society", "CHN", "", "",
     "Bar-Ilan alumni; community of Chinese graduates of Bar-Ilan University"),
    ("Various Chinese sources (army, local government, Jack Ma Foundation)", "unnamed", "CHN", "",
     "People's Liberation Army; Jack Ma Foundation", "various Chinese sources"),
    ("Chinese local governments, enterprises and friendship associations", "unnamed", "CHN", "", "", ""),
    ("Private Chinese sources (unnamed)", "unnamed", "CHN", "", "", "private Chinese sources"),
    ("Chinese companies (unnamed)", "private-company", "CHN", "", "", ""),
    ("Chinese local governments", "sub-national-government", "CHN", "", "", "local Chinese governments"),
    ("Chinese corporations and NGOs", "unnamed", "CHN", "", "", ""),
    ("Unnamed donor", "unnamed", "", "", "", ""),
    ("Global Affairs Canada and Canadian Red Cross", "foreign-government", "CAN", "",
     "Global Affairs Canada; Canadian Red Cross", ""),
    ("United States government", "foreign-government", "USA", "", "",
     "U.S. government; US government; United States; Mike Pompeo"),
    ("White House and American healthcare distributors", "foreign-government", "USA", "",
     "White House; American healthcare distributors", "Project Airbridge"),
    ("European Union", "international-organisation", "", "", "", "EU; European Commission"),
    ("Japan (unspecified)", "unnamed", "JPN", "", "", ""),
    ("South Korea (unspecified)", "unnamed", "KOR", "", "", ""),
    ("Ethiopian Prime Minister and Africa CDC", "foreign-government", "ETH", "",
     "Ethiopian Prime Minister Abiy Ahmed; Africa Centres for Disease Control and Prevention",
     "Abi Ahmed; Africa CDC"),
]
DONOR_TYPES = {d[0]: d[1] for d in DONORS}
DONOR_COUNTRY = {d[0]: d[2] for d in DONORS}
CHANNEL_OF_TYPE = {
    "central-government": "government", "embassy": "government", "military": "government",
    "sub-national-government": "sub-national", "state-owned-enterprise": "non-governmental",
    "private-company": "non-governmental", "foundation": "non-governmental",
    "red-cross": "non-governmental", "civil-society": "non-governmental",
}


@dataclass(frozen=True)
class G:
    """An unnamed or indefinite group of recipients, kept as one recipient."""

    name: str
    region: str


@dataclass(frozen=True)
class I:
    """One item of a record: the article's number (or none), unit and qualifier."""

    item: str
    quantity: float | None = None
    unit: str = ""
    approx: str = ""
    usd: float | None = None
    status: str = ""  # overrides the record's status for this item


@dataclass
class Rec:
    """One reported flow: a donor, its recipients and items, and the sentence that states it."""

    rid: str
    source: str
    donor: str
    recipients: list
    items: list[I]
    quote: tuple[str, str]
    status: str = "delivered"
    kind: str = "donation"
    flow: str = "from-china"
    date: str = ""
    allocation: str = ""
    in_totals: bool = True
    overlaps: str = ""
    notes: str = ""
    places: dict = field(default_factory=dict)
    channel: str | None = None


def usd(amount: float) -> float:
    return round(amount * EUR_USD, 2)


NOTE_EUR = f"EUR converted at the article's own rate (EUR 10 million = USD 11.07 million, {EUR_USD})"
UNSPEC = "The article does not name the Chinese body; recorded as unspecified."

RECORDS: list[Rec] = [
    # ---- CIUA: China's Global Aid Blitz and "Mask Diplomacy" ----
    Rec("R0001", "ciua", "Chinese government",
        [G("82 countries", "International"), "World Health Organization", "African Union"],
        [I("test reagents"), I("masks"), I("protective suits")],
        ("**Government-to-government** channels", 'protective suits";'),
        in_totals=False, notes="Umbrella: the first of China's four aid channels. Article: 'testing reagents'."),
    Rec("R0002", "ciua", "Chinese government", [G("affected areas", "International")],
        [I("medical staff", unit="teams"), I("video consultations")],
        ("**Cooperation on health technology**", "to affected areas;"),
        channel="health-cooperation", in_totals=False,
        notes="Umbrella: the second of China's four aid channels (also sharing diagnostics and therapeutics)."),
    Rec("R0003", "ciua", "China International Development Cooperation Agency",
        [G("28 Asian countries", "Asia"), G("16 European countries", "Europe"),
         G("26 African countries", "Africa"), G("nine countries in the Americas", "Americas"),
         G("10 countries in the South Pacific", "Oceania"),
         G("four international organizations", "International")],
        [I("medical supplies"), I("medical staff")],
        ("In what it calls the", 'four international organizations."'),
        in_totals=False, notes="Umbrella: CIDCA's list of destinations; article: 'supplies and medical workers'."),
    Rec("R0004", "ciua", "China (unspecified)", [G("international markets", "International")],
        [I("medical supplies", 1_400_000_000, "USD", usd=1_400_000_000)],
        ("In total, China [exported]", "from March 1 to April 4."),
        kind="purchase", in_totals=False,
        notes="Umbrella: all Chinese exports of medical supplies, 1 March to 4 April 2020 (trade, not aid)."),
    Rec("R0005", "ciua", "Bank of China", ["Canada"],
        [I("medical masks", 30_000, "pieces"), I("protective clothing", 10_000, "sets"),
         I("goggles", 10_000, "pieces"), I("gloves", 50_000, "pairs"), I("N95 masks")],
        ("The Bank of China has donated", "Chinese Embassy in Ottawa."),
        notes="Reported in a tweet by the Chinese Embassy in Ottawa; the N95 masks followed, number not given."),
    Rec("R0006", "ciua", "Huawei", ["Canada"],
        [I("masks", 1_000_000, "pieces", "over"), I("goggles", 30_000, "pieces"),
         I("gloves", 50_000, "pairs")],
        ("Huawei, the embattled", "provincial governments across Canada."),
        places={"Canada": "provincial governments"}, notes="Article: 'reportedly donated'."),
    Rec("R0007", "ciua", "Global Affairs Canada and Canadian Red Cross", ["China"],
        [I("medical equipment", 16, "tonnes")],
        ("Global Affairs Canada", "attracted media criticism."),
        flow="to-china", date="2020-02"),
    Rec("R0008", "ciua", "China (unspecified)", ["Canada"], [I("assistance")],
        ("Adam Austen, a deputy", "reciprocal donations in return."),
        in_totals=False, overlaps="R0005 R0006",
        notes="Article: Canada 'had already received reciprocal donations in return'; likely the Bank of China and Huawei donations."),
    Rec("R0009", "ciua", "Jack Ma Foundation and Alibaba Foundation", ["Canada"],
        [I("medical supplies")],
        ("The Jack Ma Foundation and Alibaba Foundation have also [donated](#) supplies", "**United States**."),
        notes="Article: 'donated supplies'."),
    Rec("R0010", "ciua", "Jack Ma Foundation and Alibaba Foundation", ["United States"],
        [I("medical supplies")],
        ("The Jack Ma Foundation and Alibaba Foundation have also [donated](#) supplies", "**United States**."),
        in_totals=False, overlaps="R0095",
        notes="The same donation is valued at about USD 508 million by the second article (R0095)."),
    Rec("R0011", "ciua", "United States government", ["China", G("other countries affected by the outbreak", "International")],
        [I("cash", 100_000_000, "USD", "up to", 100_000_000)],
        ("The U.S. came under fire on March 20", "from the US government.”"),
        flow="to-china", status="pledged", allocation="shared",
        notes="Pledged by Secretary of State Mike Pompeo for China and other countries together; on 20 March China's Foreign Ministry said it had not received $1."),
    Rec("R0012", "ciua", "China (unspecified)", ["United States"],
        [I("medical supplies", approx="mass amounts")],
        ("The U.S. has, instead, purchased", "supplies from China."),
        kind="purchase", notes=UNSPEC + " Sellers not named."),
    Rec("R0013", "ciua", "White House and American healthcare distributors", ["United States"],
        [I("cargo flights", 22, "flights")],
        ("According to a report the New York Times", "various other global manufacturers."),
        kind="logistics", status="pledged", date="2020-04", overlaps="R0012",
        notes="22 flights scheduled to bring purchased goods from China by early April (public-private partnership)."),
    Rec("R0014", "ciua", "China (unspecified)", ["United States"], [I("medical supplies")],
        ("The report also notes that American officials", "secure scarce equipment.”"),
        kind="purchase", status="pledged", in_totals=False, overlaps="R0017",
        places={"United States": "state and city governments"},
        notes="Umbrella: US states and cities arranging their own supply pathways with China."),
    Rec("R0015", "ciua", "Unnamed donor", ["United States"], [I("ventilators", 1_000, "pieces")],
        ("New York, the hardest hit", "by the Chinese government."),
        places={"United States": "New York"},
        notes="Article: '1,000 donated ventilators'; the donor is not named. Shipment facilitated by the Chinese government (R0016)."),
    Rec("R0016", "ciua", "Chinese government", ["United States"], [I("transport")],
        ("New York, the hardest hit", "by the Chinese government."),
        kind="logistics", places={"United States": "New York"}, overlaps="R0015",
        notes="The Chinese government facilitated the shipment of 1,000 ventilators to New York."),
    Rec("R0017", "ciua", "China (unspecified)", ["United States"],
        [I("N95 masks", 1_200_000, "pieces")],
        ("Massachusetts procured", "destined for the state."),
        kind="purchase", places={"United States": "Massachusetts"},
        notes="Procured by Massachusetts and flown in on the New England Patriots' team airplane. " + UNSPEC),
    Rec("R0018", "ciua", "European Union", ["China"], [I("assistance")],
        ("China's assistance was swift", "the European Union helped.”"),
        flow="to-china", date="2020-01", in_totals=False, overlaps="R0019 R0020",
        notes="Ursula von der Leyen: 'in January ... the European Union helped'."),
    Rec("R0019", "ciua", "European Union", ["China"], [I("assistance")],
        ("The European Union initially [pledged]", "the spread of COVID-19."),
        flow="to-china", status="pledged", date="2020-02",
        notes="Article: 'ready to provide any assistance necessary'."),
    Rec("R0020", "ciua", "European Union", ["China"],
        [I("protective equipment", 12, "tonnes"),
         I("cash", 10_000_000, "EUR", usd=11_070_000)],
        ("It [supplied](#) China with 12 tonnes", "to find a vaccine.”"),
        flow="to-china",
        notes="Article: 'protective gear'; the EUR 10 million was 'for research to find a vaccine', USD value as the article gives it."),
    Rec("R0021", "ciua", "China (unspecified)", ["European Union"],
        [I("masks", 2_000_000, "pieces"), I("test kits", 50_000, "pieces")],
        ("China [provided](#) Europe with 2 million masks", "based on need."),
        notes="Article: provided 'Europe' 'in return', 'presumably to be distributed among member states'; later called 'provided to the EU by China'. " + UNSPEC),
    Rec("R0022", "ciua", "Zhejiang Province", ["Italy"],
        [I("medical staff", 12, "people"), I("medical supplies", 35, "tonnes"), I("medicines")],
        ("Zhejiang Province, in east China", "commonly used drugs.”"),
        notes="A team of 12 medical experts; article: 'commonly used drugs'."),
    Rec("R0023", "ciua", "Fujian Province", ["Italy"],
        [I("medical staff", 14, "people"), I("ventilators", 30, "pieces"),
         I("medical monitors", 20, "sets"), I("protective suits", 3_000, "pieces"),
         I("medical masks", 300_000, "pieces"), I("N95 masks", 20_000, "pieces"),
         I("face shields", 3_000, "pieces")],
        ("Fujian Province [sent]", "3,000 face shields."),
        date="2020-03-25", notes="A team of 14 medical experts."),
    Rec("R0024", "ciua", "Xiaomi", ["Italy"], [I("masks", approx="tens of thousands")],
        ("Xiaomi, a Chinese electronics company", "to the Italian government."),
        places={"Italy": "Italian government"}),
    Rec("R0025", "ciua", "Red Cross Society of China", ["Italy"],
        [I("medical staff", 9, "people"), I("medical equipment", 30, "tonnes")],
        ("The Red Cross Society of China [contributed]", "tonnes of\n\nequipment."),
        notes="A team of nine medical staff."),
    Rec("R0026", "ciua", "Jack Ma Foundation and Alibaba Foundation", ["Italy"],
        [I("masks", 500_000, "pieces"), I("test kits", 100_000, "pieces")],
        ("A further 500,000 masks", "to the Italian Red Cross."),
        places={"Italy": "Italian Red Cross"}),
    Rec("R0027", "ciua", "Chinese government", ["Spain"], [I("assistance")],
        ("Chinese President Xi Jinping [pledged]", "Pedro Sanchez."),
        status="pledged", date="2020-03-18",
        notes="Xi Jinping pledged continued 'support and assistance' in a phone call to Pedro Sanchez."),
    Rec("R0028", "ciua", "China (unspecified)", ["Spain", "Italy"],
        [I("masks", 1_800_000, "pieces")],
        ("This came [after](#) 1.8 million masks", "both Spain and Italy."),
        allocation="shared", notes="One total for Spain and Italy together, delivered before 18 March. " + UNSPEC),
    Rec("R0029", "ciua", "Jack Ma Foundation and Alibaba Foundation", ["Spain"],
        [I("masks", 500_000, "pieces")],
        ("Spain has likewise [received]", "the Alibaba Foundation."),
        notes="Article: 'half a million masks'."),
    Rec("R0030", "ciua", "Chinese companies (Huawei, Alibaba, Oppo, Xiaomi and others)",
        [G("countries across the European continent", "Europe")],
        [I("masks", approx="millions")],
        ("Chinese companies, including Huawei", "across the European continent."),
        in_totals=False, notes="Umbrella: several companies, countries not named."),
    Rec("R0031", "ciua", "Jack Ma Foundation and Alibaba Foundation",
        ["Germany", "France", "Slovenia", "Belgium", "Ireland", "Netherlands", "Sweden", "Switzerland"],
        [I("medical masks", 1_000_000, "pieces", "nearly")],
        ("The Jack Ma Foundation and Alibaba Foundation, in a March 18 press release", "provided to the EU by China."),
        allocation="shared", date="2020-03-18", overlaps="R0021",
        notes="One total for the eight countries, from a 18 March press release; the article says it is unclear whether it is part of the 2 million masks provided to the EU (R0021)."),
    Rec("R0032", "ciua", "China (unspecified)", ["Poland"],
        [I("masks", 20_000, "pieces"), I("protective suits", 5_000, "pieces"),
         I("goggles", 5_000, "pieces"), I("gloves", 10_000, "pieces"),
         I("shoe covers", 10_000, "pieces")],
        ("Poland is [receiving]", "shoe covers” from China."),
        notes="Article: 'is receiving'; '5,000 medical goggles', '10,000 single-use medical gloves' (pieces, not pairs). " + UNSPEC),
    Rec("R0033", "ciua", "China (unspecified)", ["Greece"],
        [I("masks", 550_000, "pieces"), I("protective equipment")],
        ("**Greece** [received]", "between the two nations.”"),
        date="2020-03-22", notes="Article: 'and other protective gear'. " + UNSPEC),
    Rec("R0034", "ciua", "China (unspecified)", ["Serbia"],
        [I("medical staff", 6, "people"), I("ventilators", approx="unspecified number"),
         I("medical masks", approx="unspecified number")],
        ("China is [sending](#) six doctors", "to **Serbia**."),
        notes="Six doctors; article: 'is sending'. " + UNSPEC),
    Rec("R0035", "ciua", "Chinese government", ["Iran"],
        [I("medical staff"), I("test kits")],
        ("Iran had the highest recorded number", "specialists and diagnostic kits."),
        channel="health-cooperation",
        notes="Article: 'specialists and diagnostic kits'. Iran had rejected offers of assistance from the United States."),
    Rec("R0036", "ciua", "Chinese Embassy in Iran", ["Iran"],
        [I("masks", 250_000, "pieces"), I("test kits", 5_000, "pieces")],
        ("China’s Embassy in Iran [donated]", "education authorities.”"),
        places={"Iran": "public health, medical, and education authorities"},
        notes="Article: 'face masks' and 'nucleic acid test kits'."),
    Rec("R0037", "ciua", "Red Cross Society of China", ["Iran"],
        [I("medical staff"), I("medical supplies")],
        ("This was [followed](#) by the Chinese Red Cross Society", "medical experts and supplies."),
        notes="Article: 'volunteer medical experts and supplies'."),
    Rec("R0038", "ciua", "Chinese tourists in Iran", ["Iran"], [I("masks", 100_000, "pieces")],
        ("The Tehran Times, an Iranian", "over recent months.”"),
        notes="Reported by the Tehran Times; article: 'facemasks'."),
    Rec("R0039", "ciua", "Jack Ma Foundation and Alibaba Foundation", ["Japan"],
        [I("masks", 1_000_000, "pieces")],
        ("Japan initially received a [donation]", "and Alibaba Foundation."),),
    Rec("R0040", "ciua", "Beijing Zhaotai Group and Chinese Embassy in Japan", ["Japan"],
        [I("masks", 800_000, "pieces")],
        ("Beijing Zhaotai Group, a Chinese developer", "embassy in Tokyo."),
        places={"Japan": "two municipalities"},
        notes="Donated by Beijing Zhaotai Group in conjunction with the Chinese embassy in Tokyo."),
    Rec("R0041", "ciua", "China (unspecified)", ["Japan"], [I("assistance")],
        ("China’s Ambassador to Japan [announced]", "on March 29."),
        status="pledged", date="2020-03-29",
        notes="A 'planned' batch of aid announced by China's Ambassador to Japan; the donor is not named."),
    Rec("R0042", "ciua", "Japan (unspecified)", ["China"], [I("assistance")],
        ("This effort may be viewed as a reciprocal gesture", "fight against COVID-19."),
        flow="to-china", date="2020-02", notes="Article: Japan 'contributed resources in early February'."),
    Rec("R0043", "ciua", "South Korea (unspecified)", ["China"],
        [I("masks"), I("medical masks"), I("protective suits"), I("goggles"),
         I("aid package", 5_000_000, "USD", usd=5_000_000)],
        ("South Korea also provided early aid", "the virus’s epicentre."),
        flow="to-china", places={"China": "Wuhan"},
        notes="USD 5 million is the worth of the whole shipment (face masks, medical masks, hazmat suits and goggles)."),
    Rec("R0044", "ciua", "Chinese government", ["South Korea"],
        [I("masks", 5_000_000, "pieces")],
        ("China has reciprocated, [approving]", "fight against the virus.”"),
        kind="purchase", status="pledged",
        notes="Approved exports of 'protective masks' (trade, not aid)."),
    Rec("R0045", "ciua", "Chinese government", ["South Korea"],
        [I("masks", 1_100_000, "pieces"), I("protective suits", 10_000, "pieces")],
        ("China has reciprocated, [approving]", "fight against the virus.”"),
        status="pledged", notes="Article: 'hazmat suits' the Chinese government 'had already pledged'."),
    Rec("R0046", "ciua", "Beijing Municipality", ["South Korea"], [I("medical supplies")],
        ("[Beijing Municipality](#) (who also donated", "fighting the pandemic."),),
    Rec("R0047", "ciua", "Beijing Municipality", ["Japan"], [I("medical supplies")],
        ("[Beijing Municipality](#) (who also donated", "fighting the pandemic."),),
    Rec("R0048", "ciua", "Charhar Institute", ["South Korea"], [I("medical supplies")],
        ("[Beijing Municipality](#) (who also donated", "fighting the pandemic."),
        notes="A Chinese think tank."),
    Rec("R0049", "ciua", "Xiamen Airlines", ["South Korea"], [I("medical supplies")],
        ("[Beijing Municipality](#) (who also donated", "fighting the pandemic."),),
    Rec("R0050", "ciua", "Chinese government", ["Lebanon"], [I("medical equipment")],
        ("Lebanon has [received](#) equipment", "Alibaba Foundation and Jack Ma Foundation."),),
    Rec("R0051", "ciua", "Chinese government", ["Lebanon"], [I("medical equipment")],
        ("Lebanon has [received](#) equipment", "Alibaba Foundation and Jack Ma Foundation."),
        status="pledged", notes="Article: 'the promise of more to come'."),
    Rec("R0052", "ciua", "Jack Ma Foundation and Alibaba Foundation", ["Israel"],
        [I("medical supplies")],
        ("Lebanon has [received](#) equipment", "Alibaba Foundation and Jack Ma Foundation."),
        notes="Article: 'donations'."),
    Rec("R0053", "ciua", "China (unspecified)", ["Iraq"], [I("medical staff", unit="teams")],
        ("A Chinese medical team based in", "provide assistance and supplies."),
        channel="health-cooperation", notes="A Chinese medical team based in Iraq, aiding local efforts."),
    Rec("R0054", "ciua", "China (unspecified)", ["Iraq"],
        [I("medical staff", unit="teams"), I("medical supplies")],
        ("A Chinese medical team based in", "provide assistance and supplies."),
        status="pledged", channel="health-cooperation", places={"Iraq": "Kurdistan"},
        notes="The team announced it would also visit the Kurdistan region."),
    Rec("R0055", "ciua", "China (unspecified)", ["Pakistan"],
        [I("hospital", status="pledged"), I("medical staff", unit="teams"), I("medical supplies")],
        ("China is also reportedly [building]", "medical teams and supplies."),
        notes="Article: 'reportedly building a makeshift hospital' (recorded as pledged) 'in addition to sending medical teams and supplies'. " + UNSPEC),
    Rec("R0056", "ciua", "Jack Ma Foundation and Alibaba Foundation",
        ["Laos", "Cambodia", "Malaysia", "Thailand", "Indonesia", "Philippines", "Myanmar",
         "Mongolia", "Azerbaijan", "Bhutan", "India", "Kazakhstan", "Kyrgyzstan", "Vietnam",
         "Uzbekistan"],
        [I("medical supplies")],
        ("The Jack Ma Foundation and Alibaba Foundation have also [announced]", "Vietnam and Uzbekistan**."),
        status="pledged", notes="Article: 'announced contributions'."),
    Rec("R0057", "ciua", "Jack Ma Foundation and Alibaba Foundation",
        [G("countries across the Asian continent", "Asia")],
        [I("masks", 3_800_000, "pieces"), I("test kits", 360_000, "pieces"), I("ventilators"),
         I("face shields"), I("protective clothing")],
        ("Collectively, the organization has contributed", "across the Asian continent."),
        date="2020-03", in_totals=False, overlaps="R0039 R0052 R0056",
        notes="Umbrella: the foundations' collective total for Asia 'as of late March'; it includes the country donations recorded separately."),
    Rec("R0058", "ciua", "China (unspecified)", ["Fiji", G("other Pacific nations", "Oceania")],
        [I("cash"), I("medical supplies"), I("aid package", 1_900_000, "USD", usd=1_900_000)],
        ("China will also [donate](#) US", "friendship associations.”"),
        status="pledged", allocation="shared",
        notes="USD 1.9 million in cash and medical supplies for Fiji and 'other' Pacific nations together (not specified which). " + UNSPEC),
    Rec("R0059", "ciua", "Chinese local governments, enterprises and friendship associations",
        ["Fiji", G("other Pacific nations", "Oceania")], [I("assistance")],
        ("China will also [donate](#) US", "friendship associations.”"),
        status="pledged", notes="Article: 'other assistance being offered'."),
    Rec("R0060", "ciua", "Jack Ma Foundation and Alibaba Foundation", AFRICAN_NATIONS,
        [I("test kits", 20_000, "pieces"), I("masks", 100_000, "pieces"),
         I("protective suits/face shields", 1_000, "pieces")],
        ("In Africa, the Jack Ma Foundation", "the 54 African nations**."),
        status="pledged", allocation="each",
        notes="Pledged to each of the 54 African nations (the 54 UN member states in Africa)."),
    Rec("R0061", "ciua", "Jack Ma Foundation and Alibaba Foundation", ["Rwanda", "Ethiopia"],
        [I("medical supplies")],
        ("**Rwanda** and **Ethiopia** [received]", "the first shipments of supplies."),
        overlaps="R0060", notes="The first shipments of the pledge to Africa (R0060)."),
    Rec("R0062", "ciua", "Ethiopian Prime Minister and Africa CDC", AFRICAN_NATIONS,
        [I("distribution")],
        ("Ethiopian Prime Minister Abi Ahmed", "to each African nation."),
        kind="logistics", status="pledged", overlaps="R0060",
        notes="Distribution of the foundations' medical equipment to each African nation, with the African Union's Centres for Disease Control and Prevention."),
    Rec("R0063", "ciua", "China (unspecified)",
        ["Argentina", "Chile", "Brazil", "Peru", "Mexico", "Ecuador", "Venezuela"],
        [I("assistance")],
        ("China is cooperating with various Latin American countries", "offers of aid."),
        status="pledged", notes="Reuters: these countries 'accepted offers of aid'. " + UNSPEC),
    *[
        Rec(rid, "ciua", donor, [G("Latin American countries", "Americas")], [I("assistance")],
            ("This broad effort also includes donations from", "the Bank of China."),
            notes="Article: 'donations' to the Latin American effort; countries not named.")
        for rid, donor in [("R0064", "Alibaba"), ("R0065", "Huawei"),
                           ("R0066", "China Communications Construction"), ("R0067", "Bank of China")]
    ],
    Rec("R0068", "ciua", "China (unspecified)", ["Spain", "Turkey", "Netherlands"],
        [I("medical equipment")],
        ("This skepticism has been underscored", "below standard or defective.”"),
        kind="purchase", status="rejected",
        notes="Article: 'rejected Chinese-made equipment for being below standard or defective'; it does not say whether bought or donated."),
    Rec("R0069", "ciua", "China (unspecified)", ["Ireland"],
        [I("medical supplies", 200_000_000, "EUR", "more than", usd(200_000_000))],
        ("Ireland’s Taoiseach, Leo Varadkar", "sourcing extra supplies from China."),
        kind="purchase",
        notes="Ireland 'spent more than €200m sourcing extra supplies from China', though its Taoiseach thanked China 'for sending' them. " + NOTE_EUR + "."),
    Rec("R0070", "ciua", "Jack Ma Foundation and Alibaba Foundation", ["Ireland"],
        [I("medical supplies")],
        ("This is not to say that Chinese sources", "donating the supplies."),
        in_totals=False, overlaps="R0031",
        notes="Free aid to Ireland; Ireland is one of the eight recipients of R0031."),
    # ---- INSS: China's Donation Diplomacy ----
    Rec("R0071", "inss", "China (unspecified)",
        [G("some 150 countries", "International"), G("four international organizations", "International")],
        [I("medical equipment")],
        ("After bringing the spread of the coronavirus", "four international organizations."),
        in_totals=False, overlaps="R0003",
        notes="Umbrella: donors of every kind (central government, provinces, municipalities, embassies, army, companies, NGOs, individuals)."),
    Rec("R0072", "inss", "China (unspecified)", [G("over 170 countries", "International")],
        [I("video consultations")],
        ("The Chinese also organized video consultations", "Iran, and Saudi Arabia."),
        channel="health-cooperation", in_totals=False,
        notes="Umbrella: video consultations with medical teams."),
    Rec("R0073", "inss", "China (unspecified)",
        [G("some 30 countries", "International"), "Italy", "Iran", "Saudi Arabia"],
        [I("medical staff", unit="teams")],
        ("The Chinese also organized video consultations", "Iran, and Saudi Arabia."),
        channel="health-cooperation", in_totals=False, overlaps="R0022 R0023 R0025 R0035 R0037 R0080",
        notes="Umbrella: medical teams sent to some 30 countries, including Italy, Iran and Saudi Arabia."),
    Rec("R0074", "inss", "Chinese government", ["World Health Organization"],
        [I("cash", 30_000_000, "USD", usd=30_000_000)],
        ("In addition, a few days after President Donald Trump", "in early March."),
        status="pledged",
        notes="Announced by the Chinese Foreign Ministry a few days after the US froze its WHO funding."),
    Rec("R0075", "inss", "Chinese government", ["World Health Organization"],
        [I("cash", 20_000_000, "USD", usd=20_000_000)],
        ("In addition, a few days after President Donald Trump", "in early March."),
        date="2020-03", notes="A previous donation 'transferred in early March'."),
    Rec("R0076", "inss", "Chinese government", ["World Health Organization"],
        [I("aid package", 2_000_000_000, "USD", usd=2_000_000_000)],
        ("China also announced it would grant the WHO", "for two years."),
        status="pledged", notes="Article: 'aid of $2 billion for two years'."),
    Rec("R0077", "inss", "Chinese government", [G("everyone in the world", "International")],
        [I("vaccines")],
        ("Following announcements from a laboratory in France", "everyone in the world."),
        status="pledged",
        notes="Xi Jinping declared that vaccines developed in China would be available to benefit everyone."),
    Rec("R0078", "inss", "Various Chinese sources (army, local government, Jack Ma Foundation)", ["Iran"],
        [I("masks", approx="tens of thousands"), I("protective suits"), I("test kits")],
        ("For example, Iran, which has recorded", "from the Chinese Red Cross."),
        notes="Article: 'from various Chinese sources, including the army, local government, and the Jack Ma Foundation'; 'testing equipment'."),
    Rec("R0079", "inss", "Red Cross Society of China", ["Iran"], [I("medical staff", unit="teams")],
        ("For example, Iran, which has recorded", "from the Chinese Red Cross."),
        in_totals=False, overlaps="R0037",
        notes="A visit from a delegation of doctors; the same team as in the first article (R0037)."),
    Rec("R0080", "inss", "China (unspecified)", ["Saudi Arabia"],
        [I("medical staff", 1, "teams"), I("protective equipment", approx="a small quantity")],
        ("In contrast, Saudi Arabia", "between these countries."),
        channel="health-cooperation",
        notes="'a single delegation of medical experts from China, bringing with them a small quantity of protective equipment'."),
    Rec("R0081", "inss", "China (unspecified)", ["Italy"], [I("assistance")],
        ("Italy received donations from over 20", "to any Western country."),
        in_totals=False, overlaps="R0022 R0023 R0024 R0025 R0026 R0028",
        notes="Umbrella: donations from over 20 Chinese government and private bodies."),
    Rec("R0082", "inss", "China (unspecified)", ["Spain"], [I("assistance")],
        ("Spain also received donations from at least 12", "mostly non-governmental."),
        in_totals=False, overlaps="R0028 R0029 R0085 R0091",
        notes="Umbrella: donations from at least 12 Chinese entities, mostly non-governmental."),
    Rec("R0083", "inss", "Industrial and Commercial Bank of China", ["Turkey"], [I("assistance")],
        ("On the other hand, Turkey received donations", "private Chinese sources."),
        notes="Turkey received donations 'mainly' from ICBC."),
    Rec("R0084", "inss", "Private Chinese sources (unnamed)", ["France"], [I("assistance")],
        ("On the other hand, Turkey received donations", "private Chinese sources."),
        in_totals=False, overlaps="R0031",
        notes="Umbrella: 'only a few donations from some private Chinese sources'."),
    Rec("R0085", "inss", "Chinese community in Madrid", ["Spain"],
        [I("masks", 100_000, "pieces", "some")],
        ("For example, the Chinese community in Madrid", "Lebanon, and Egypt."),
        places={"Spain": "Madrid"}),
    Rec("R0086", "inss", "Xinjiang local government", ["Iran", "Iraq", "Lebanon", "Egypt"],
        [I("assistance")],
        ("For example, the Chinese community in Madrid", "Lebanon, and Egypt."),
        notes="The local government in the Muslim region of Xinjiang."),
    Rec("R0087", "inss", "Guangzhou Municipality", ["Iran"], [I("masks", 300_000, "pieces")],
        ("Twin city agreements were also a basis", "Gorgan in Iran."),
        places={"Iran": "Gorgan"}, notes="A twin-city donation."),
    Rec("R0088", "inss", "Huawei", [G("dozens of countries", "International")],
        [I("medical equipment"), I("communications equipment")],
        ("But the pandemic gave Huawei an opportunity", "communication systems."),
        in_totals=False, notes="Umbrella: 'contributed to dozens of countries'."),
    Rec("R0089", "inss", "Huawei", ["Iraq"], [I("communications equipment")],
        ("For example, Huawei provided communications equipment", "between China and Italy."),
        places={"Iraq": "a medical laboratory"}),
    Rec("R0090", "inss", "Huawei", ["Italy"], [I("computer network")],
        ("For example, Huawei provided communications equipment", "between China and Italy."),
        status="pledged", places={"Italy": "hospitals"},
        notes="Offered to build a cloud-based computer network linking Italian hospitals to hospitals in Wuhan."),
    Rec("R0091", "inss", "Huawei", ["Spain", "Netherlands", "Estonia", "Latvia", "Lithuania"],
        [I("medical equipment")],
        ("Huawei donated medical equipment to Spain", "the Chinese option."),
        notes="Article: 'Spain, Holland, and Baltic countries' (Estonia, Latvia, Lithuania)."),
    Rec("R0092", "inss", "Huawei", ["Canada"], [I("medical equipment")],
        ("Among the members of the Five Eyes", "communications infrastructures."),
        in_totals=False, overlaps="R0006",
        notes="The same donation as in the first article (R0006); not to the United States, Britain, Australia or New Zealand."),
    Rec("R0093", "inss", "Huawei", [G("countries in Africa", "Africa")], [I("assistance")],
        ("It has donated to countries in Africa", "Huawei’s other products."),),
    Rec("R0094", "inss", "Jack Ma Foundation and Alibaba Foundation",
        [G("about 150 countries", "International")], [I("assistance")],
        ("The Jack Ma Foundation and Alibaba Foundation also donated", "during the crisis."),
        in_totals=False, notes="Umbrella: donations to about 150 countries."),
    Rec("R0095", "inss", "Jack Ma Foundation and Alibaba Foundation", ["United States"],
        [I("aid package", 508_000_000, "USD", "about", 508_000_000)],
        ("The Jack Ma Foundation and Alibaba Foundation also donated", "during the crisis."),
        notes="'the largest sent to any country during the crisis'."),
    Rec("R0096", "inss", "Jack Ma Foundation", ["Israel"], [I("medical equipment")],
        ("The Chinese donors that sent medical equipment to Israel", "SIPG, Hutchison, and China Harbour."),
        in_totals=False, overlaps="R0052", notes="The same donation as in the first article (R0052)."),
    Rec("R0097", "inss", "China Radio International", ["Israel"], [I("medical equipment")],
        ("The Chinese donors that sent medical equipment to Israel", "SIPG, Hutchison, and China Harbour."),
        notes="Article: 'Chinese International Radio'."),
    Rec("R0098", "inss", "Toga Networks", ["Israel"], [I("medical equipment")],
        ("The Chinese donors that sent medical equipment to Israel", "SIPG, Hutchison, and China Harbour."),
        notes="The R&D center of Huawei in Israel."),
    Rec("R0099", "inss", "Chinese graduates of Bar-Ilan University", ["Israel"],
        [I("medical equipment")],
        ("The Chinese donors that sent medical equipment to Israel", "SIPG, Hutchison, and China Harbour."),
        notes="Named as an example of 'a number of smaller donors with personal connections to the recipients'."),
    Rec("R0100", "inss", "People's Liberation Army", [G("at least 20 countries", "International"), "Iran"],
        [I("transport")],
        ("The Chinese military participated", "including Iran."),
        kind="logistics", in_totals=False,
        notes="Umbrella: the military took part in transferring medical equipment to at least 20 countries, including Iran."),
    Rec("R0101", "inss", "People's Liberation Army", [G("countries beyond China's border", "International")],
        [I("cargo flights")],
        ("For the first time, the military’s new Y-20", "in the Chinese media."),
        kind="logistics", in_totals=False, overlaps="R0100",
        notes="Y-20 cargo planes transported medical equipment abroad for the first time."),
    # ---- umbrella and framing statements, added after a second sentence-by-sentence reading ----
    Rec("R0102", "ciua", "China (unspecified)", [G("other nations faced with rising cases", "International")],
        [I("medical supplies"), I("medical staff")],
        ("Accordingly, China has turned to assist", "mask diplomacy](#).\""),
        in_totals=False, notes="Umbrella: 'medical supplies and expertise'."),
    Rec("R0103", "ciua", "Chinese government", [G("friendly neighbors", "Asia")], [I("assistance")],
        ("Geng Shuang, a Chinese Foreign Ministry Spokesperson", "global public health security.\""),
        status="pledged", in_totals=False,
        notes="Umbrella: Geng Shuang said China 'will do whatever it can to support and assist its friendly neighbors'."),
    Rec("R0104", "ciua", "Chinese local governments", [G("other countries (not named)", "International")],
        [I("assistance")],
        ("3. **Sub-national** assistance", "local Chinese governments"),
        in_totals=False, notes="Umbrella: the third of China's four aid channels."),
    Rec("R0105", "ciua", "Chinese corporations and NGOs", [G("other countries (not named)", "International")],
        [I("assistance")],
        ("4. **Non-governmental assistance**", "Chinese corporations and NGOs"),
        in_totals=False, notes="Umbrella: the fourth of China's four aid channels."),
    Rec("R0106", "ciua", "China (unspecified)", [G("other countries (not named)", "International")],
        [I("assistance")],
        ("This list is likely growing", "and Chinese embassies."),
        in_totals=False,
        notes="Umbrella: aid efforts from Chinese philanthropic organizations like the Jack Ma Foundation and Alibaba Foundation, local government bodies and embassies, beyond CIDCA's."),
    Rec("R0107", "ciua", "China (unspecified)", ["Italy"], [I("assistance")],
        ("Italy has emerged as an epicenter", "destination for Chinese assistance."),
        in_totals=False, overlaps="R0022 R0023 R0024 R0025 R0026 R0028",
        notes="Umbrella: Italy as 'a primary destination for Chinese assistance'."),
    Rec("R0108", "ciua", "China (unspecified)", [G("European countries", "Europe")], [I("assistance")],
        ("China's assistance was swift", "the European Union helped.”"),
        in_totals=False, notes="Umbrella: 'China's assistance was swift' to Europe."),
    Rec("R0109", "inss", "China (unspecified)",
        [G("many countries, particularly in Asia, Europe, and Africa", "International")],
        [I("assistance")],
        ("The Chinese donations, from both private businesses", "Asia, Europe, and Africa."),
        in_totals=False, notes="Umbrella: donations from private businesses and government bodies."),
    Rec("R0110", "ciua", "China (unspecified)", [G("some countries (not named)", "International")],
        [I("medical supplies")],
        ("While some media reports and statements", "political agenda in Europe.”"),
        kind="purchase", in_totals=False,
        notes="Umbrella: some aid is 'in the form of purchase contracts' and countries 'may still be paying for the materials'."),
    Rec("R0111", "ciua", "China (unspecified)", ["United States"], [I("medical supplies")],
        ("This is the result of a public-private partnership", "various other global manufacturers."),
        kind="purchase", in_totals=False, overlaps="R0012 R0013",
        places={"United States": "American healthcare distributors"},
        notes="Distributors 'purchasing the supplies from China and various other global manufacturers' under a White House partnership; the same purchases as R0012."),
    Rec("R0112", "ciua", "Chinese companies (unnamed)", [G("European countries", "Europe")], [I("assistance")],
        ("To this point, EU Industry Chief Thierry Breton", "Chinese companies in Europe."),
        in_totals=False, overlaps="R0030",
        notes="Umbrella: 'the donations made by Chinese companies in Europe', in which Thierry Breton found no 'quid pro quo'."),
    Rec("R0113", "inss", "China (unspecified)", [G("other countries (not named)", "International")],
        [I("assistance")],
        ("Indeed, it appears that both Chinese corporations", "as a global leader."),
        in_totals=False, overlaps="R0071",
        notes="Umbrella: 'shipments of donated aid' from Chinese corporations and the Chinese government."),
]

FIELDS = [
    "record_id", "date", "donor", "donor_type", "channel", "donor_country", "recipient",
    "recipient_iso3", "recipient_place", "region", "flow", "kind", "status", "item",
    "item_group", "quantity", "unit", "approx", "value_usd", "allocation", "in_totals",
    "overlaps", "source", "quote", "notes",
]


def cut(text: str, start: str, end: str) -> str:
    """The seed text from `start` through the first `end` after it; fails loudly if absent."""
    i = text.find(start)
    if i < 0:
        raise SystemExit(f"quote start not found: {start!r}")
    j = text.find(end, i)
    if j < 0:
        raise SystemExit(f"quote end not found after {start!r}: {end!r}")
    return text[i:j + len(end)]


def number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def rows_of(rec: Rec, texts: dict[str, str]) -> list[dict[str, str]]:
    """Expand one record into its (recipient, item) rows."""
    quote = cut(texts[rec.source], *rec.quote)
    dtype = DONOR_TYPES[rec.donor]
    if rec.channel is not None:
        channel = rec.channel
    elif rec.flow == "from-china":
        channel = CHANNEL_OF_TYPE.get(dtype, "")
    else:
        channel = ""
    allocation = rec.allocation or ("single" if len(rec.recipients) == 1 else "each")
    rows = []
    for recipient in rec.recipients:
        if isinstance(recipient, G):
            name, iso3, region = recipient.name, "", recipient.region
        elif recipient in ORGANISATIONS:
            name, iso3, region = recipient, "", ORGANISATIONS[recipient]
        else:
            name, (iso3, region) = recipient, COUNTRIES[recipient]
        for it in rec.items:
            rows.append({
                "record_id": rec.rid, "date": rec.date, "donor": rec.donor, "donor_type": dtype,
                "channel": channel, "donor_country": DONOR_COUNTRY[rec.donor],
                "recipient": name, "recipient_iso3": iso3,
                "recipient_place": rec.places.get(name, ""), "region": region,
                "flow": rec.flow, "kind": rec.kind, "status": it.status or rec.status,
                "item": it.item, "item_group": ITEM_GROUPS[it.item],
                "quantity": number(it.quantity), "unit": it.unit, "approx": it.approx,
                "value_usd": number(it.usd), "allocation": allocation,
                "in_totals": "true" if rec.in_totals else "false", "overlaps": rec.overlaps,
                "source": rec.source, "quote": quote, "notes": rec.notes,
            })
    return rows


def write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(out: Path = DATA) -> None:
    """Write the three CSVs into `out` (data/ by default)."""
    texts = {s["source"]: (ROOT / s["file"]).read_text(encoding="utf-8") for s in SOURCES}
    ids = [r.rid for r in RECORDS]
    if len(ids) != len(set(ids)):
        raise SystemExit("duplicate record id")
    assert len(AFRICAN_NATIONS) == 54, len(AFRICAN_NATIONS)
    rows = [row for rec in RECORDS for row in rows_of(rec, texts)]
    write(out / "donations.csv", FIELDS, rows)
    donor_fields = ["donor", "donor_type", "country", "parent", "members", "aliases"]
    write(out / "donors.csv", donor_fields, [dict(zip(donor_fields, d)) for d in DONORS])
    write(out / "sources.csv", list(SOURCES[0]), SOURCES)
    print(f"{len(RECORDS)} records, {len(rows)} rows, {len(DONORS)} donors")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA)
