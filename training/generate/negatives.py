"""NOT_LISTED examples that teach the boundary of the list.

Families (``source``):
  neg:near-element   the same elements (and look-alike goods) in forms or compounds that are NOT listed
  neg:hs6            HS 2022 six-digit descriptions outside the controlled subheadings, rewritten in trade styles
  neg:cn8-en/-zh     China's 8-digit tariff names (EN / ZH) outside the controlled 8-digit lines
  neg:cn8-mixed      the same, bilingual
  neg:near-miss-cn8  the 286 near-miss 8-digit lines (same heading / subheading as a controlled line)
  neg:ordinary       everyday goods of every chapter

Excluded from the tariff-derived families: every 8-digit line that carries a controlled 10-digit code
(controlled_codes_reference.csv code8), every controlled HS-6, and lines whose generic text also covers
controlled goods with no reference code (rare-earth permanent magnets 85051110, intermixed/interalloyed
rare-earth metals 280530xx, ferro-alloys with >10 % rare earth 72029991).
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from training.generate.specs import SPECS
from training.generate.text import Good, chance, compose, pick, tag_source

DATA = Path(__file__).resolve().parents[1] / "data"
HS_CSV = DATA / "hs-nomenclature" / "harmonized-system.csv"
CN8_CSV = DATA / "china-customs-hs8" / "china_customs_hs8_2023_en_zh.utf8.csv"
CONTROLLED_CSV = DATA / "china-customs-hs8" / "controlled_codes_reference.csv"
NEAR_MISS_CSV = DATA / "china-customs-hs8" / "near_miss_cn8_2023.csv"

AMBIGUOUS_CODE8 = {"85051110", "28053021", "28053029", "72029991"}
AMBIGUOUS_HS6 = {"850511", "280530", "720299"}

# (names_en, names_zh, purities, spec, unit) -- goods of the listed elements (or look-alikes) that are NOT
# listed. See the judgment calls J3-J16 in service/data/naming.yaml.
Near = tuple[list[str], list[str], list[float], str, str]
NEAR: list[Near] = [
    # indium (J5)
    (
        ["indium ingot", "indium metal", "indium ingots", "refined indium", "indium metal ingot 500 g", "In ingot"],
        ["铟锭", "金属铟", "精铟", "高纯铟", "原生铟"],
        [99.99, 99.995, 99.999, 99.9999],
        "ingot_weight",
        "kg",
    ),
    (
        ["indium wire", "indium foil", "indium shot", "indium sheet", "indium preform", "indium ribbon"],
        ["铟丝", "铟箔", "铟片", "铟粒"],
        [99.99, 99.995],
        "",
        "kg",
    ),
    (
        ["indium solder", "indium-tin solder", "In52Sn48 solder", "indium alloy solder paste", "indium-silver solder"],
        ["铟焊料", "铟锡焊料", "铟合金焊片"],
        [],
        "",
        "kg",
    ),
    (
        ["ITO target", "indium tin oxide sputtering target", "ITO rotary target", "indium tin oxide target 90/10"],
        ["ITO靶材", "氧化铟锡靶材", "ITO旋转靶"],
        [99.99],
        "target_dims",
        "pcs",
    ),
    (
        [
            "ITO powder",
            "indium tin oxide powder",
            "indium oxide",
            "indium(III) oxide",
            "In2O3 powder",
            "indium hydroxide",
            "indium chloride",
            "indium(III) chloride",
            "InCl3",
            "indium sulfate",
            "indium nitrate",
            "indium acetate",
        ],
        ["ITO粉", "氧化铟锡粉", "氧化铟", "氯化铟", "氢氧化铟", "硫酸铟", "硝酸铟"],
        [99.99, 99.995, 99.999],
        "powder",
        "kg",
    ),
    (
        ["indium scrap", "ITO scrap", "spent ITO target", "indium-bearing residues"],
        ["铟废料", "ITO废靶", "含铟废料"],
        [],
        "",
        "kg",
    ),
    # molybdenum (J4)
    (
        ["molybdenum wire", "moly wire for EDM", "molybdenum wire for wire cutting", "sprayed molybdenum wire"],
        ["钼丝", "切割钼丝", "喷涂钼丝"],
        [99.95],
        "",
        "kg",
    ),
    (
        [
            "molybdenum sheet",
            "molybdenum plate",
            "molybdenum rod",
            "molybdenum bar",
            "TZM rod",
            "molybdenum foil",
            "molybdenum crucible",
            "molybdenum boat",
            "molybdenum electrode",
            "molybdenum sputtering target",
            "TZM plate",
        ],
        ["钼板", "钼片", "钼棒", "钼条", "TZM合金棒", "钼箔", "钼坩埚", "钼舟", "钼电极", "钼靶材"],
        [99.95, 99.9],
        "",
        "kg",
    ),
    (
        ["ferro-molybdenum", "ferromolybdenum", "FeMo60", "ferro molybdenum lumps Mo 60%", "FeMo 65%"],
        ["钼铁", "钼铁合金", "FeMo60"],
        [],
        "",
        "mt",
    ),
    (
        ["molybdenum disulfide", "MoS2 powder", "molybdenum disulphide lubricant powder", "moly grease"],
        ["二硫化钼", "二硫化钼粉", "钼基润滑脂"],
        [98.5, 99.0],
        "powder",
        "kg",
    ),
    (
        [
            "molybdenum concentrate",
            "molybdenite concentrate",
            "roasted molybdenum concentrate",
            "technical molybdenum oxide",
            "tech moly oxide Mo 57%",
            "molybdenum trioxide",
            "MoO3 powder",
            "molybdic oxide",
        ],
        ["钼精矿", "焙烧钼精矿", "工业氧化钼", "三氧化钼", "氧化钼"],
        [99.5, 99.9],
        "",
        "mt",
    ),
    (
        [
            "ammonium molybdate",
            "ammonium dimolybdate",
            "ammonium tetramolybdate",
            "ammonium heptamolybdate",
            "sodium molybdate",
            "ADM",
        ],
        ["钼酸铵", "二钼酸铵", "四钼酸铵", "七钼酸铵", "钼酸钠"],
        [99.0, 99.5],
        "",
        "kg",
    ),
    (
        ["molybdenum scrap", "moly bar ends", "molybdenum turnings", "molybdenum waste"],
        ["钼废料", "钼料头", "废钼"],
        [],
        "",
        "kg",
    ),
    # tungsten (J3)
    (
        [
            "tungsten powder",
            "tungsten metal powder",
            "spherical tungsten powder",
            "W powder",
            "ultrafine tungsten powder",
        ],
        ["钨粉", "球形钨粉", "超细钨粉", "金属钨粉"],
        [99.9, 99.95],
        "wc",
        "kg",
    ),
    (
        [
            "tungsten wire",
            "tungsten filament",
            "thoriated tungsten wire",
            "tungsten heater wire",
            "doped tungsten wire",
            "tungsten welding electrodes",
            "WT20 tungsten electrode",
            "WL15 lanthanated tungsten electrode",
        ],
        ["钨丝", "钨灯丝", "钨电极", "铈钨电极", "镧钨电极"],
        [99.95],
        "",
        "kg",
    ),
    (["ferrotungsten", "ferro-tungsten", "FeW 80%", "ferro tungsten lumps"], ["钨铁", "钨铁合金"], [], "", "mt"),
    (
        [
            "cemented carbide inserts",
            "tungsten carbide inserts",
            "carbide cutting inserts CNMG120408",
            "carbide end mills",
            "cemented carbide rods",
            "tungsten carbide drill bits",
            "carbide saw tips",
            "hardmetal wear parts",
            "carbide button bits",
            "tungsten carbide dies",
            "cemented carbide rolls",
            "solid carbide drills",
            "tungsten carbide wear plates",
            "YG8 cemented carbide blanks",
            "WC-Co hardmetal rods",
            "carbide tipped saw blade",
        ],
        ["硬质合金刀片", "硬质合金棒", "硬质合金钻头", "硬质合金模具", "硬质合金耐磨件", "钨钢刀片", "硬质合金球齿"],
        [],
        "hardmetal",
        "pcs",
    ),
    (
        [
            "WC-Co ready-to-press powder",
            "tungsten carbide cobalt grade powder",
            "RTP powder WC-10Co",
            "WC-12Co thermal spray powder",
            "cemented carbide grade powder YG6",
        ],
        ["硬质合金混合料", "碳化钨钴混合粉", "WC-12Co喷涂粉"],
        [],
        "hardmetal",
        "kg",
    ),
    (
        [
            "sodium tungstate",
            "sodium tungstate dihydrate",
            "ammonium metatungstate",
            "AMT",
            "calcium tungstate",
            "tungstic acid",
            "tungsten hexafluoride",
            "WF6",
            "tungsten disulfide",
            "WS2 powder",
        ],
        ["钨酸钠", "偏钨酸铵", "钨酸钙", "钨酸", "六氟化钨", "二硫化钨"],
        [99.0, 99.5, 99.999],
        "",
        "kg",
    ),
    (
        ["tungsten concentrate", "wolframite concentrate", "scheelite concentrate WO3 65%", "tungsten ore"],
        ["钨精矿", "黑钨精矿", "白钨精矿"],
        [],
        "",
        "mt",
    ),
    (
        [
            "tungsten scrap",
            "tungsten carbide scrap",
            "hardmetal scrap",
            "tungsten heavy alloy turnings scrap",
            "used carbide inserts for recycling",
        ],
        ["钨废料", "硬质合金废料", "废钨"],
        [],
        "",
        "kg",
    ),
    (
        ["tungsten halogen lamp", "halogen bulb 12V 50W", "tungsten filament lamp"],
        ["卤钨灯", "钨丝灯泡"],
        [],
        "",
        "pcs",
    ),
    # graphite (J16)
    (
        [
            "graphite electrode",
            "UHP graphite electrode",
            "HP graphite electrode Ø450 mm",
            "graphite electrodes for EAF",
            "RP graphite electrode with nipples",
            "UHP 600 mm graphite electrodes",
        ],
        ["石墨电极", "超高功率石墨电极", "高功率石墨电极", "炼钢用石墨电极"],
        [],
        "",
        "mt",
    ),
    (["carbon brushes", "carbon brush for motors", "electrographite brush"], ["碳刷", "电刷"], [], "", "pcs"),
    (
        [
            "graphite lubricant",
            "graphite grease",
            "colloidal graphite",
            "graphite dry lubricant spray",
            "pencil leads",
            "graphite pencils",
            "amorphous graphite powder",
            "microcrystalline graphite",
            "earthy graphite powder C 80%",
            "natural amorphous graphite 75% C",
        ],
        ["石墨润滑脂", "胶体石墨", "铅笔芯", "微晶石墨", "土状石墨", "无定形石墨粉"],
        [],
        "",
        "kg",
    ),
    (
        [
            "carbon black N330",
            "carbon black",
            "activated carbon",
            "coconut shell activated carbon",
            "calcined petroleum coke",
            "needle coke",
            "metallurgical coke",
            "carbon fibre",
            "carbon fiber tow 12K",
            "carbon fibre prepreg",
            "carbon fibre cloth",
            "carbon felt",
            "graphite felt",
            "recarburizer",
            "carbon raiser",
            "carbon electrode paste",
        ],
        ["炭黑", "活性炭", "煅烧石油焦", "针状焦", "冶金焦", "碳纤维", "碳纤维布", "石墨毡", "增碳剂", "电极糊"],
        [],
        "",
        "mt",
    ),
    # rare earths that are not listed (No. 57 suspended) and RE look-alikes (J9)
    (
        [
            "neodymium oxide",
            "Nd2O3",
            "praseodymium-neodymium oxide",
            "PrNd oxide",
            "lanthanum oxide",
            "La2O3",
            "cerium oxide",
            "CeO2",
            "praseodymium oxide",
            "Pr6O11",
            "europium oxide",
            "Eu2O3",
            "erbium oxide",
            "Er2O3",
            "holmium oxide",
            "ytterbium oxide",
            "Yb2O3",
            "thulium oxide",
        ],
        ["氧化钕", "氧化镨钕", "氧化镧", "氧化铈", "氧化镨", "氧化铕", "氧化铒", "氧化钬", "氧化镱", "氧化铥"],
        [99.5, 99.9, 99.99, 99.999],
        "powder",
        "kg",
    ),
    (
        [
            "neodymium metal",
            "praseodymium-neodymium metal",
            "PrNd metal",
            "lanthanum metal",
            "cerium metal",
            "mischmetal",
            "misch metal La-Ce",
            "europium metal",
            "erbium metal",
            "holmium metal",
            "ytterbium metal",
        ],
        ["金属钕", "镨钕金属", "金属镧", "金属铈", "混合稀土金属", "镧铈金属", "金属铕", "金属铒", "金属钬", "金属镱"],
        [99.0, 99.5, 99.9],
        "re_metal",
        "kg",
    ),
    (
        ["cerium oxide polishing powder", "rare earth polishing powder", "ceria slurry for glass polishing"],
        ["稀土抛光粉", "氧化铈抛光粉", "抛光液"],
        [],
        "",
        "kg",
    ),
    (
        [
            "lanthanum carbonate",
            "lanthanum chloride",
            "neodymium fluoride",
            "cerium carbonate",
            "lanthanum nitrate",
            "cerium nitrate",
            "neodymium chloride",
            "praseodymium fluoride",
            "erbium chloride",
            "europium nitrate",
            "lanthanum carbonate chewable tablets",
            "cerium hydroxide",
        ],
        ["碳酸镧", "氯化镧", "氟化钕", "碳酸铈", "硝酸镧", "硝酸铈", "氯化钕", "氟化镨", "氯化铒", "硝酸铕"],
        [99.0, 99.9, 99.99],
        "powder",
        "kg",
    ),
    (
        [
            "ferrite magnets",
            "hard ferrite magnet segments",
            "AlNiCo magnets",
            "rubber magnet strip",
            "ceramic magnet ring",
            "fridge magnets",
            "magnetic assembly for motor rotor",
            "BLDC motor rotor with magnets",
            "permanent magnet motor",
        ],
        ["铁氧体磁铁", "铝镍钴磁钢", "橡胶磁条", "冰箱贴", "电机转子组件", "永磁电机"],
        [],
        "",
        "pcs",
    ),
    (
        [
            "Nd:YAG laser module",
            "fiber laser 1 kW",
            "PET/CT scanner",
            "MRI system 1.5T",
            "X-ray flat panel detector",
            "scintillation detector assembly",
        ],
        ["激光器模块", "光纤激光器", "核磁共振成像设备", "平板探测器"],
        [],
        "",
        "set",
    ),
    (
        [
            "zirconia dental blocks",
            "zirconia ceramic ferrules",
            "zirconia ceramic knife",
            "zirconia grinding beads",
            "ceramic thermal barrier coated turbine blade",
            "zirconia oxygen sensor",
        ],
        ["氧化锆瓷块", "氧化锆陶瓷插芯", "陶瓷刀", "氧化锆珠", "氧气传感器"],
        [],
        "",
        "pcs",
    ),
    # germanium / gallium / indium devices and optics (J6, J14)
    (
        [
            "germanium lens",
            "AR coated germanium window",
            "germanium aspheric lens",
            "IR lens assembly 8-12 µm",
            "thermal imaging lens",
            "germanium optical window, polished, DLC coated",
            "germanium dome",
            "ZnSe lens",
            "zinc selenide window",
            "chalcogenide glass lens",
            "infrared camera core",
        ],
        ["锗镜片", "锗窗口片（镀膜）", "红外镜头", "热像仪镜头", "硒化锌镜片", "红外机芯"],
        [],
        "",
        "pcs",
    ),
    (
        [
            "LED chips",
            "LED lamps",
            "LED bulbs E27 9W",
            "LED strip light",
            "LED module",
            "LED display panel",
            "SMD LED 2835",
            "LED driver",
            "laser diode module",
            "photodiode",
            "VCSEL array",
            "GaN power transistor in TO-247",
            "RF power amplifier module",
            "MMIC amplifier",
            "integrated circuits",
            "microcontroller IC",
            "solar panels",
            "monocrystalline solar module 550W",
            "CdTe thin film solar module",
            "solar cells",
            "thermoelectric module TEC1-12706",
            "Peltier cooler",
            "infrared detector module",
            "thermal imaging sensor",
            "CZT gamma detector module",
            "photovoltaic inverter",
        ],
        [
            "LED芯片",
            "LED灯",
            "LED灯带",
            "LED显示屏",
            "激光二极管",
            "光电二极管",
            "集成电路",
            "太阳能电池板",
            "光伏组件",
            "碲化镉薄膜组件",
            "半导体制冷片",
            "热电模块",
            "红外探测器",
            "氮化镓功率器件",
            "射频功放模块",
        ],
        [],
        "",
        "pcs",
    ),
    (
        [
            "silicon wafers",
            "prime silicon wafer 200 mm",
            "SiC substrate",
            "silicon carbide wafer 6 inch",
            "sapphire substrate",
            "sapphire wafer 2 inch",
            "quartz wafer",
            "lithium niobate wafer",
            "lithium tantalate wafer",
            "glass wafer",
            "SOI wafer",
            "polysilicon",
            "solar grade polysilicon",
            "monocrystalline silicon ingot",
        ],
        ["硅片", "碳化硅衬底", "蓝宝石衬底", "石英晶片", "铌酸锂晶片", "多晶硅", "单晶硅棒"],
        [99.9999],
        "wafer",
        "pcs",
    ),
    (
        [
            "tellurium dioxide",
            "TeO2 powder",
            "bismuth telluride",
            "Bi2Te3 ingot",
            "bismuth telluride thermoelectric ingot",
            "antimony telluride",
            "zinc telluride",
            "lead telluride",
            "sodium tellurite",
        ],
        ["二氧化碲", "碲化铋", "碲化铋晶棒", "碲化锑", "碲化锌", "亚碲酸钠"],
        [99.99, 99.999],
        "powder",
        "kg",
    ),
    # bismuth (J13-style)
    (
        [
            "bismuth subsalicylate",
            "bismuth subcitrate",
            "colloidal bismuth pectin",
            "bismuth potassium citrate",
            "bismuth oxychloride",
            "BiOCl pearlescent pigment",
            "bismuth vanadate pigment",
            "bismuth oxide",
            "Bi2O3 powder",
            "bismuth trioxide",
            "bismuth nitrate",
            "bismuth subnitrate",
            "bismuth subcarbonate",
            "bismuth neodecanoate",
        ],
        [
            "次水杨酸铋",
            "枸橼酸铋钾",
            "胶体果胶铋",
            "氯氧化铋",
            "钒酸铋颜料",
            "氧化铋",
            "三氧化二铋",
            "硝酸铋",
            "碱式碳酸铋",
        ],
        [99.0, 99.5, 99.9],
        "powder",
        "kg",
    ),
    (
        [
            "bismuth tin solder",
            "Sn42Bi58 solder",
            "low melting point alloy",
            "Wood's metal",
            "Field's metal",
            "bismuth-lead alloy",
        ],
        ["锡铋焊料", "低熔点合金", "铋锡合金"],
        [],
        "",
        "kg",
    ),
    # antimony (J13)
    (
        [
            "lead-antimony alloy",
            "antimonial lead",
            "lead alloy 2.5% Sb for battery grids",
            "hard lead 4% Sb",
            "lead ingots",
            "battery lead alloy",
            "babbitt metal",
            "tin-antimony solder",
        ],
        ["铅锑合金", "锑铅合金", "蓄电池板栅合金", "铅锭", "巴氏合金"],
        [],
        "",
        "mt",
    ),
    (
        [
            "sodium antimonate",
            "antimony doped tin oxide",
            "ATO nano powder",
            "antimony trichloride solution",
            "potassium antimony tartrate",
        ],
        ["焦锑酸钠", "锑掺杂氧化锡", "ATO粉"],
        [99.0],
        "",
        "kg",
    ),
    # superhard (J15)
    (
        [
            "synthetic diamond grit",
            "diamond micron powder",
            "industrial diamond powder",
            "diamond abrasive powder",
            "HPHT diamond grit 40/50",
            "CBN abrasive grit",
            "diamond paste",
        ],
        ["金刚石微粉", "人造金刚石磨料", "金刚石单晶磨粒", "立方氮化硼磨料", "金刚石研磨膏"],
        [],
        "",
        "kg",
    ),
    (
        [
            "diamond ring",
            "lab-grown diamond 1.0 ct",
            "CVD lab grown diamond polished",
            "cut and polished diamonds",
            "diamond earrings in 18K gold",
            "moissanite gemstones",
            "cubic zirconia gemstones",
        ],
        ["钻石戒指", "培育钻石", "裸钻", "钻石耳钉", "莫桑石"],
        [],
        "",
        "pcs",
    ),
    (
        [
            "PCD cutting tools",
            "PCBN inserts",
            "diamond saw blade",
            "diamond core drill bit",
            "diamond grinding wheel",
            "diamond wire saw",
            "diamond cutting disc",
            "PDC cutters",
            "diamond dressing tool",
            "CVD diamond coated end mill",
        ],
        ["PCD刀具", "PCBN刀片", "金刚石锯片", "金刚石钻头", "金刚石砂轮", "金刚石线锯", "PDC复合片"],
        [],
        "",
        "pcs",
    ),
    (
        [
            "hydraulic press 200 ton",
            "four-column hydraulic press",
            "isostatic press",
            "hot press furnace",
            "PECVD system for solar cells",
            "LPCVD furnace",
            "sputtering system",
            "vacuum coating machine",
            "CVD furnace tube",
            "plasma cleaner",
        ],
        ["四柱液压机", "等静压机", "热压炉", "PECVD设备", "真空镀膜机", "磁控溅射镀膜机"],
        [],
        "",
        "set",
    ),
    # other metals and compounds close to the list
    (
        [
            "selenium powder",
            "selenium shot",
            "zinc ingot",
            "tin ingot",
            "copper cathode",
            "silver bullion",
            "nickel cathode",
            "cobalt metal",
            "chromium metal",
            "vanadium pentoxide",
            "niobium ingot",
            "tantalum powder",
            "hafnium crystal bar",
            "rhenium pellets",
            "cadmium ingot",
            "arsenic metal",
            "magnesium ingot",
            "aluminium ingot",
            "silicon metal 553",
            "titanium sponge",
            "zirconium sponge",
            "lithium carbonate",
            "cobalt sulfate",
            "nickel sulfate",
            "boron powder",
            "thallium",
        ],
        [
            "硒粉",
            "锌锭",
            "锡锭",
            "电解铜",
            "银锭",
            "电解镍",
            "金属钴",
            "金属铬",
            "五氧化二钒",
            "铌锭",
            "钽粉",
            "海绵钛",
            "碳酸锂",
            "硫酸钴",
            "镁锭",
            "铝锭",
            "工业硅",
            "金属砷",
        ],
        [99.9, 99.99, 99.995],
        "ingot_weight",
        "kg",
    ),
    (
        [
            "zinc sulfide",
            "ZnS powder",
            "zinc oxide",
            "ZnO",
            "titanium dioxide",
            "aluminium oxide",
            "alumina powder",
            "silica fume",
            "zirconium dioxide",
            "zirconia powder unstabilized",
            "magnesium oxide",
            "boron nitride powder",
            "silicon nitride",
            "aluminium nitride powder",
            "silicon carbide powder",
            "boron carbide",
        ],
        [
            "硫化锌",
            "氧化锌",
            "钛白粉",
            "氧化铝",
            "二氧化锆",
            "氧化镁",
            "氮化硼",
            "氮化硅",
            "氮化铝",
            "碳化硅微粉",
            "碳化硼",
        ],
        [99.0, 99.9, 99.99],
        "powder",
        "kg",
    ),
    # Thin-film coating materials of substances not on the list: sold in the same forms and grades as the
    # listed elements' evaporation materials, so only the substance can tell them apart.
    (
        [
            "zinc sulfide evaporation material",
            "ZnS granules for optical coating",
            "zinc selenide pieces",
            "ZnSe evaporation pellets",
            "magnesium fluoride evaporation granules",
            "MgF2 tablets",
            "silicon dioxide evaporation material",
            "SiO2 granules",
            "titanium pentoxide Ti3O5 tablets",
            "tantalum pentoxide evaporation material",
            "hafnium oxide pellets",
            "niobium pentoxide granules",
            "aluminium oxide evaporation chunks",
            "cerium fluoride evaporation material",
            "chromium evaporation pieces",
            "nickel evaporation pellets",
            "gold evaporation wire",
            "silver evaporation pellets",
            "aluminium evaporation slugs",
            "titanium evaporation pieces",
            "copper evaporation slugs",
            "selenium ingot",
            "selenium pellets",
        ],
        [
            "硫化锌镀膜材料",
            "硒化锌",
            "氟化镁镀膜材料",
            "二氧化硅颗粒",
            "五氧化三钛",
            "五氧化二钽",
            "氧化铪颗粒",
            "铬块",
            "硒锭",
            "硒粒",
            "蒸发镀膜材料",
        ],
        [99.9, 99.95, 99.99, 99.999],
        "evaporation",
        "kg",
    ),
    (
        [
            "stainless steel sheet 304",
            "nickel alloy Inconel 718 bar",
            "brass rod",
            "aluminium alloy 6061 plate",
            "titanium alloy Ti6Al4V bar",
            "steel counterweight",
            "lead shielding bricks",
            "lead apron",
            "cast iron balance weights",
        ],
        ["不锈钢板", "镍基合金棒", "黄铜棒", "铝合金板", "钛合金棒", "铅砖", "铸铁配重"],
        [],
        "",
        "kg",
    ),
    (
        [
            "trimethylaluminium",
            "TMAl",
            "trimethylgallium",
            "TMGa",
            "triethylgallium",
            "diethylzinc",
            "arsine",
            "phosphine",
            "silane",
            "germane",
            "digermane",
        ],
        ["三甲基铝", "三甲基镓", "三乙基镓", "二乙基锌", "砷烷", "磷烷", "硅烷", "锗烷"],
        [99.9999, 99.99999],
        "chem_pack",
        "kg",
    ),
]

# Ordinary goods of every chapter: (EN names, ZH names, unit)
ORDINARY: list[tuple[list[str], list[str], str]] = [
    (
        [
            "men's cotton T-shirts",
            "knitted polo shirts",
            "ladies' denim jeans",
            "children's jackets",
            "wool sweaters",
            "silk scarves",
            "socks",
            "leather gloves",
            "sports shoes",
            "rain boots",
            "baseball caps",
            "down jackets",
        ],
        ["男式棉制T恤", "针织衫", "牛仔裤", "儿童夹克", "羊毛衫", "丝巾", "袜子", "运动鞋", "雨靴", "棒球帽", "羽绒服"],
        "pcs",
    ),
    (
        [
            "wooden dining chairs",
            "office desks",
            "sofa set",
            "mattresses",
            "bookshelves",
            "kitchen cabinets",
            "plastic storage boxes",
            "bamboo cutting boards",
            "ceramic mugs",
            "glass vases",
            "table lamps",
        ],
        ["木制餐椅", "办公桌", "沙发", "床垫", "书架", "橱柜", "塑料收纳箱", "竹砧板", "陶瓷杯", "玻璃花瓶", "台灯"],
        "pcs",
    ),
    (
        [
            "frozen shrimp",
            "canned tuna",
            "green tea",
            "black tea",
            "instant noodles",
            "soy sauce",
            "rice",
            "frozen chicken wings",
            "apple juice concentrate",
            "garlic",
            "dried mushrooms",
            "peanuts",
            "honey",
            "frozen tilapia fillets",
            "candy",
        ],
        [
            "冻虾仁",
            "金枪鱼罐头",
            "绿茶",
            "红茶",
            "方便面",
            "酱油",
            "大米",
            "冻鸡翅",
            "浓缩苹果汁",
            "大蒜",
            "干香菇",
            "花生",
            "蜂蜜",
        ],
        "kg",
    ),
    (
        [
            "brake pads for passenger cars",
            "car tyres 205/55R16",
            "automotive headlamps",
            "wiper blades",
            "spark plugs",
            "shock absorbers",
            "alloy wheels",
            "car batteries",
            "motorcycle helmets",
            "bicycle frames",
            "electric scooters",
        ],
        [
            "汽车刹车片",
            "轮胎",
            "汽车前大灯",
            "雨刮片",
            "火花塞",
            "减震器",
            "铝合金轮毂",
            "汽车蓄电池",
            "头盔",
            "电动滑板车",
        ],
        "pcs",
    ),
    (
        [
            "toy cars",
            "plush toys",
            "building blocks",
            "board games",
            "dolls",
            "remote control drones",
            "puzzle",
            "kites",
            "Christmas decorations",
            "fireworks",
        ],
        ["玩具车", "毛绒玩具", "积木", "桌游", "玩偶", "遥控无人机", "拼图", "风筝", "圣诞装饰品"],
        "pcs",
    ),
    (
        [
            "laptop computers",
            "mobile phones",
            "tablet PC",
            "wireless earphones",
            "power banks",
            "USB cables",
            "computer mouse",
            "keyboards",
            "LCD monitors",
            "printers",
            "routers",
            "smart watches",
            "electric kettles",
            "hair dryers",
            "microwave ovens",
            "air conditioners",
            "refrigerators",
            "washing machines",
            "vacuum cleaners",
            "electric fans",
        ],
        [
            "笔记本电脑",
            "手机",
            "平板电脑",
            "无线耳机",
            "移动电源",
            "数据线",
            "鼠标",
            "键盘",
            "显示器",
            "打印机",
            "路由器",
            "智能手表",
            "电热水壶",
            "吹风机",
            "微波炉",
            "空调",
            "冰箱",
            "洗衣机",
            "吸尘器",
            "电风扇",
        ],
        "pcs",
    ),
    (
        [
            "centrifugal pumps",
            "ball valves",
            "gate valves",
            "ball bearings",
            "gearboxes",
            "air compressors",
            "diesel generator set",
            "excavator parts",
            "forklift trucks",
            "CNC lathe",
            "injection moulding machine",
            "packaging machine",
            "conveyor belts",
            "electric motors 7.5 kW",
            "hydraulic cylinders",
            "welding machines",
            "hand tools set",
            "spanners",
            "drill bits for wood",
            "screws and bolts",
            "steel nails",
            "chains",
            "padlocks",
            "door hinges",
        ],
        [
            "离心泵",
            "球阀",
            "闸阀",
            "滚珠轴承",
            "齿轮箱",
            "空压机",
            "柴油发电机组",
            "挖掘机配件",
            "叉车",
            "数控车床",
            "注塑机",
            "包装机",
            "输送带",
            "电动机",
            "液压缸",
            "电焊机",
            "手动工具套装",
            "扳手",
            "螺丝螺栓",
            "钢钉",
            "挂锁",
            "合页",
        ],
        "pcs",
    ),
    (
        [
            "polyethylene granules",
            "PVC resin",
            "PET bottles",
            "plastic bags",
            "nylon yarn",
            "polyester fabric",
            "cotton yarn",
            "paper cups",
            "kraft paper",
            "cardboard boxes",
            "printed books",
            "notebooks",
            "adhesive tape",
            "paint",
            "ink cartridges",
            "detergent powder",
            "shampoo",
            "toothpaste",
            "cosmetics",
            "perfume",
            "candles",
            "glass bottles",
        ],
        [
            "聚乙烯颗粒",
            "PVC树脂",
            "PET瓶",
            "塑料袋",
            "尼龙丝",
            "涤纶布",
            "棉纱",
            "纸杯",
            "牛皮纸",
            "纸箱",
            "图书",
            "笔记本",
            "胶带",
            "油漆",
            "墨盒",
            "洗衣粉",
            "洗发水",
            "牙膏",
            "化妆品",
            "香水",
            "蜡烛",
            "玻璃瓶",
        ],
        "kg",
    ),
    (
        [
            "steel pipes",
            "hot rolled steel coils",
            "galvanized steel sheet",
            "rebar",
            "aluminium profiles",
            "copper tubes",
            "steel wire rope",
            "cast iron manhole covers",
            "scaffolding",
            "steel structure",
        ],
        ["钢管", "热轧卷板", "镀锌板", "螺纹钢", "铝型材", "铜管", "钢丝绳", "铸铁井盖", "脚手架", "钢结构"],
        "mt",
    ),
    (
        [
            "surgical masks",
            "nitrile gloves",
            "medical syringes",
            "blood pressure monitors",
            "wheelchairs",
            "vitamin C tablets",
            "ibuprofen tablets",
            "paracetamol",
            "amoxicillin capsules",
            "bandages",
            "thermometers",
        ],
        [
            "医用口罩",
            "丁腈手套",
            "注射器",
            "血压计",
            "轮椅",
            "维生素C片",
            "布洛芬片",
            "对乙酰氨基酚",
            "阿莫西林胶囊",
            "绷带",
        ],
        "pcs",
    ),
    (
        [
            "ceramic floor tiles",
            "marble slabs",
            "granite countertops",
            "cement",
            "glass wool",
            "gypsum board",
            "bricks",
            "sanitary ware",
            "WC pan",
            "wash basins",
            "faucets",
            "shower heads",
        ],
        [
            "瓷砖",
            "大理石板",
            "花岗岩台面",
            "水泥",
            "玻璃棉",
            "石膏板",
            "砖",
            "卫生洁具",
            "马桶",
            "洗手盆",
            "水龙头",
            "花洒",
        ],
        "pcs",
    ),
    (
        [
            "fertilizer urea",
            "diammonium phosphate",
            "potassium chloride",
            "glyphosate",
            "caustic soda",
            "sulphuric acid",
            "citric acid",
            "sodium bicarbonate",
            "calcium carbonate",
            "soda ash",
            "hydrochloric acid",
            "methanol",
            "ethanol",
            "acetone",
            "sodium chloride",
            "activated alumina",
        ],
        [
            "尿素",
            "磷酸二铵",
            "氯化钾",
            "草甘膦",
            "烧碱",
            "硫酸",
            "柠檬酸",
            "小苏打",
            "碳酸钙",
            "纯碱",
            "盐酸",
            "甲醇",
            "乙醇",
            "丙酮",
            "工业盐",
        ],
        "mt",
    ),
]


# Consumer goods sold by the name of a listed material: finished apparatus, supplements, jewellery and
# sporting goods, not the material (GaN chargers are power supplies, HS 8504.40; "organic germanium" is a
# supplement; germanium and tungsten-carbide jewellery is jewellery).
# Generated after the rest of the set, with a random stream of their own (training.dataset.build_dataset).
CONSUMER: list[Near] = [
    (
        [
            "GaN charger",
            "GaN fast charger 65W USB-C",
            "GaN wall charger 100W, 4 ports",
            "gallium nitride charger for laptops",
            "GaN power adapter 140W",
            "GaN travel charger with foldable plug",
            "organic germanium capsules",
            "germanium supplement Ge-132, 60 capsules",
            "germanium bracelet",
            "germanium titanium necklace",
            "germanium stone health bracelet",
            "tungsten carbide ring 8 mm",
            "tungsten carbide wedding band",
            "graphite fishing rod",
            "graphite golf shaft",
            "graphite tennis racket",
        ],
        [
            "氮化镓充电器",
            "氮化镓快充充电头 65W",
            "氮化镓电源适配器",
            "有机锗胶囊",
            "锗手链",
            "锗钛项链",
            "碳化钨戒指",
            "碳素鱼竿",
        ],
        [],
        "",
        "pcs",
    ),
]


def _clean_desc(desc: str) -> str:
    desc = desc.replace("&", " and ").replace("′", "'")
    desc = re.sub(r"\s+", " ", desc).strip(" ;,")
    return desc


def _unit(u: str) -> str:
    u = u.lower()
    if "kilogram" in u or "千克" in u:
        return "kg"
    if "ton" in u:
        return "mt"
    if "gram" in u:
        return "g"
    if u.strip():
        return "pcs"
    return "kg"


def _controlled_sets() -> tuple[set[str], set[str]]:
    code8: set[str] = set()
    hs6: set[str] = set()
    with CONTROLLED_CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code8.add(row["code8"])
            hs6.add(row["hs6"])
    return code8, hs6


def _near_miss() -> list[dict[str, str]]:
    with NEAR_MISS_CSV.open(encoding="utf-8") as f:
        return sorted(csv.DictReader(f), key=lambda r: r["code8"])


def _emit(rng: random.Random, g: Good, lang: str, source: str) -> tuple[str, str, str, str]:
    text, style = compose(rng, g, lang)
    real = "mixed" if style == "mixed" else ("zh" if style.startswith("zh") else "en")
    return text, "NOT_LISTED", real, tag_source(source, style)


def near_element(
    rng: random.Random, per_item: int = 70, items: Sequence[Near] = NEAR, source: str = "neg:near-element"
) -> Iterator[tuple[str, str, str, str]]:
    for names_en, names_zh, purities, spec, unit in items:
        n = per_item + 4 * len(names_en)
        for _ in range(n):
            g = Good(name_en=pick(rng, names_en), name_zh=pick(rng, names_zh), unit=unit)
            if purities and chance(rng, 0.7):
                g.purity = float(pick(rng, [str(p) for p in purities]))
            if spec and chance(rng, 0.7):
                SPECS[spec](rng, g)
                g.unit = unit if spec not in ("wafer", "target_dims") else g.unit
            r = rng.random()
            lang = "en" if r < 0.55 else ("zh" if r < 0.87 else "mixed")
            yield _emit(rng, g, lang, source)


def consumer_goods(rng: random.Random) -> Iterator[tuple[str, str, str, str]]:
    """Consumer goods sold by the name of a listed material (``CONSUMER``): NOT_LISTED."""
    return near_element(rng, items=CONSUMER, source="neg:consumer")


def ordinary(rng: random.Random, n: int = 3500) -> Iterator[tuple[str, str, str, str]]:
    adjectives = [
        "assorted",
        "new",
        "various sizes",
        "OEM",
        "brand new",
        "with logo",
        "blue",
        "black",
        "size M",
        "12 pcs/carton",
        "grade A",
        "model 2024",
    ]
    for _ in range(n):
        names_en, names_zh, unit = ORDINARY[rng.randrange(len(ORDINARY))]
        i = rng.randrange(len(names_en))
        g = Good(name_en=names_en[i], name_zh=names_zh[i % len(names_zh)], unit=unit)
        if chance(rng, 0.4):
            g.specs_en.append(pick(rng, adjectives))
        r = rng.random()
        lang = "en" if r < 0.6 else ("zh" if r < 0.9 else "mixed")
        yield _emit(rng, g, lang, "neg:ordinary")


def hs6(rng: random.Random) -> Iterator[tuple[str, str, str, str]]:
    _code8, ctrl6 = _controlled_sets()
    with HS_CSV.open(encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f) if r["level"] == "6" and len(r["hscode"]) == 6]
    rows.sort(key=lambda r: r["hscode"])
    for r in rows:
        code = r["hscode"]
        if code in ctrl6 or code in AMBIGUOUS_HS6 or code.startswith("99"):
            continue
        desc = _clean_desc(r["description"])
        if not desc or desc.upper() == "TOTAL":
            continue
        g = Good(name_en=desc, name_zh="", unit="kg")
        yield _emit(rng, g, "en", "neg:hs6")


def cn8(rng: random.Random) -> Iterator[tuple[str, str, str, str]]:
    ctrl8, _ctrl6 = _controlled_sets()
    near = {r["code8"] for r in _near_miss()}
    with CN8_CSV.open(encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: r["code8"])
    for r in rows:
        code = r["code8"]
        if code in ctrl8 or code in near or code in AMBIGUOUS_CODE8:
            continue
        en, zh = _clean_desc(r["description_en"]), _clean_desc(r["description_zh"])
        unit = _unit(r.get("unit1_en", ""))
        g = Good(name_en=en, name_zh=zh, unit=unit)
        if en:
            yield _emit(rng, g, "en", "neg:cn8-en")
        if zh:
            yield _emit(rng, g, "zh", "neg:cn8-zh")
        if en and zh and chance(rng, 0.3):
            yield _emit(rng, g, "mixed", "neg:cn8-mixed")


def near_miss(rng: random.Random, per_line: int = 5) -> Iterator[tuple[str, str, str, str]]:
    for r in _near_miss():
        en, zh = _clean_desc(r["description_en"]), _clean_desc(r["description_zh"])
        g = Good(name_en=en, name_zh=zh, unit="kg")
        for k in range(per_line):
            lang = ["en", "zh", "en", "zh", "mixed"][k % 5]
            if chance(rng, 0.3):
                g.purity = float(pick(rng, ["99.5", "99.9", "99.99", "99.999"]))
            else:
                g.purity = None
            yield _emit(rng, g, lang, "neg:near-miss-cn8")
