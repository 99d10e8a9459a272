"""Specification phrases per kind of good (sizes, grades, wafer data, machine ratings...).

Thresholded items draw values on BOTH sides of their thresholds: the classifier learns the kind of good,
the rules judge the numbers (docs/entry-ids.md, labelling rule).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from training.generate.text import Good, chance, pick

SpecFn = Callable[[random.Random, Good], None]


def _add(g: Good, en: str, zh: str = "") -> None:
    if en:
        g.specs_en.append(en)
    if zh:
        g.specs_zh.append(zh)


def wafer(rng: random.Random, g: Good) -> None:
    d_in = pick(rng, ["2", "3", "4", "6", "2", "4"])
    d_mm = {"2": "50.8", "3": "76.2", "4": "100", "6": "150"}[d_in]
    _add(
        g,
        pick(rng, [f'{d_in}"', f"{d_in} inch", f"{d_in}-inch", f"Ø{d_mm} mm", f"dia. {d_mm}mm"]),
        pick(rng, [f"{d_in}英寸", f"直径{d_mm}mm", f"{d_in}寸"]),
    )
    orient = pick(rng, ["(100)", "(111)", "<100>", "(100) 2° off toward <110>", "(0001)", "(010)", "(-201)"])
    _add(g, f"orientation {orient}" if chance(rng, 0.5) else orient, f"晶向{orient}")
    th = pick(rng, ["350", "450", "500", "625", "675", "350±25"])
    _add(g, pick(rng, [f"thickness {th} µm", f"{th}um", f"{th} μm thick"]), f"厚度{th}μm")
    _add(
        g,
        pick(
            rng,
            [
                "Si-doped n-type",
                "Zn-doped p-type",
                "undoped semi-insulating",
                "SI",
                "Te-doped",
                "S-doped",
                "Fe-doped semi-insulating",
                "n-type",
                "p-type",
                "Cr-doped SI",
                "undoped",
            ],
        ),
        pick(rng, ["N型掺硅", "P型掺锌", "半绝缘", "非掺", "掺铁半绝缘", "N型", "P型"]),
    )
    _add(
        g,
        pick(
            rng,
            [
                "SSP",
                "DSP",
                "epi-ready",
                "single side polished",
                "double side polished",
                "prime grade",
                "test grade",
                "as-cut",
            ],
        ),
        pick(rng, ["单面抛光", "双面抛光", "开盒即用", "外延级", "测试级"]),
    )
    if chance(rng, 0.4):
        _add(
            g,
            pick(
                rng,
                [
                    "EPD <5000 cm-2",
                    "EPD < 500/cm2",
                    "resistivity >1E7 ohm.cm",
                    "carrier conc. 1E18 cm-3",
                    "VGF grown",
                    "LEC grown",
                    "mobility >4000 cm2/Vs",
                ],
            ),
            pick(rng, ["位错密度<5000/cm²", "电阻率>1E7Ω·cm", "VGF法", "LEC法"]),
        )
    g.unit = "pcs"


def powder(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "D50 2-5 µm",
                "-100 mesh",
                "-325 mesh",
                "1-3 mm granules",
                "3-6 mm pieces",
                "particle size 1-10 µm",
                "nano, 50 nm",
                "D50 = 1.2 um",
                "lumps 5-20 mm",
                "-200 mesh",
                "granules 1-5 mm",
                "3N5 grade",
            ],
        ),
        pick(rng, ["粒度D50 2-5μm", "-100目", "-325目", "1-3mm颗粒", "块度5-20mm", "纳米级", "-200目"]),
    )
    g.trace = True


def ingot_dims(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "ingot approx. 2-5 kg",
                "Ø 100 x 300 mm",
                "resistivity 5-40 ohm.cm",
                "n-type",
                "dia 60 mm",
                "bar 20x30x300 mm",
                "polycrystalline",
                "single crystal <111>",
                "ingots 10 kg each",
            ],
        ),
        pick(rng, ["锭重2-5kg", "Φ100×300mm", "电阻率5-40Ω·cm", "N型", "多晶", "单晶"]),
    )


def ingot_weight(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "ingots 20-25 kg",
                "ingot weight approx. 10 kg",
                "lumps 10-50 mm",
                "shots 1-3 mm",
                "granules 2-6 mm",
                "bars 500 g",
                "25 kg/ingot",
                "pieces 3-10 mm",
            ],
        ),
        pick(rng, ["锭重20-25kg", "块度10-50mm", "颗粒2-6mm", "每锭约10kg"]),
    )


def ga_pack(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "in 1 kg PE bottles",
                "liquid in 1 kg bottles",
                "ingots 1 kg",
                "in 5 kg PE bottles",
                "melting point 29.8 °C",
                "in 250 g bottles",
                "packed under argon",
            ],
        ),
        pick(rng, ["1kg/瓶", "聚乙烯瓶装", "5kg/瓶", "充氩包装"]),
    )


def zr_ge(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "resistivity >47 ohm.cm",
                "resistivity ≥50 Ω·cm",
                "length 300-500 mm",
                "bars 1-2 kg",
                "trapezoidal cross-section",
                "intrinsic",
                "n-type ≥47 Ωcm",
                "13N",
            ],
        ),
        pick(rng, ["电阻率≥50Ω·cm", "长300-500mm", "本征", "梯形截面"]),
    )


def chem_pack(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "in 100 g stainless steel bubbler",
                "in 500 g bubbler",
                "MOCVD grade",
                "electronic grade",
                "in stainless steel cylinder",
                "in glass ampoule under argon",
                "bp 135 °C",
                "25 g",
                "in 1 L steel container",
                "pyrophoric, packed under N2",
            ],
        ),
        pick(rng, ["不锈钢鼓泡器装", "MOCVD级", "电子级", "钢瓶装", "安瓿瓶充氩"]),
    )
    g.unit = pick(rng, ["g", "kg"])
    g.trace = True


def gas_mix(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "1% in H2",
                "0.5% balance hydrogen",
                "diluted in argon",
                "100 ppm in N2",
                "in 44 L cylinder",
                "in 10 L cylinder",
                "pure",
                "2% in He",
            ],
        ),
        pick(rng, ["氢气稀释1%", "氩气平衡", "钢瓶装", "纯气"]),
    )
    g.unit = pick(rng, ["kg", "g"])


def graphite_art(rng: random.Random, g: Good) -> None:
    dens = pick(rng, ["1.60", "1.68", "1.72", "1.75", "1.78", "1.80", "1.85", "1.90", "1.91"])
    flex = pick(rng, ["25", "28", "35", "40", "46", "51", "60", "85"])
    _add(g, pick(rng, [f"density {dens} g/cm3", f"bulk density {dens} g/cc", f"{dens} g/cm³"]), f"密度{dens}g/cm³")
    _add(
        g,
        pick(rng, [f"flexural strength {flex} MPa", f"bending strength {flex}MPa", f"flex. str. {flex} MPa"]),
        f"抗折强度{flex}MPa",
    )
    _add(
        g,
        pick(
            rng,
            [
                "ash <50 ppm",
                "ash content 0.1%",
                "purity 99.99%",
                "C >99.9%",
                "ash ≤20 ppm",
                "purity 99.5%",
                "purity 99.995%",
                "grain size 10 µm",
                "average grain 5 um",
                "carbon 99.95%",
            ],
        ),
        pick(rng, ["灰分<50ppm", "灰分0.1%", "纯度99.99%", "固定碳≥99.9%", "颗粒度10μm"]),
    )
    if chance(rng, 0.4):
        _add(
            g,
            pick(rng, ["300 x 300 x 100 mm", "Ø 150 x 500 mm", "620 x 410 x 1800 mm", "block 510x310x910"]),
            pick(rng, ["300×300×100mm", "Φ150×500mm"]),
        )


def flake(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(rng, ["+50 mesh", "-100 mesh", "+80 mesh", "-195 mesh", "+32 mesh", "-100+80 mesh", "+100 mesh"]),
        pick(rng, ["+50目", "-100目", "+80目", "-195目", "+32目"]),
    )
    _add(
        g,
        pick(rng, ["C 94%", "fixed carbon 95%", "FC 97%", "carbon 99.95%", "C 90%", "C 96-97%", "LOI 99%"]),
        pick(rng, ["固定碳94%", "含碳量95%", "C97%", "碳含量99.95%"]),
    )
    g.unit = pick(rng, ["mt", "kg"])


def sphere(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "D50 17 µm",
                "D50 10±1 um",
                "SG-15",
                "D50 23 μm",
                "tap density 1.0 g/cm3",
                "C 99.95%",
                "specific capacity 360 mAh/g",
            ],
        ),
        pick(rng, ["D50 17μm", "D50 10μm", "振实密度1.0g/cm³", "比容量360mAh/g"]),
    )
    g.unit = pick(rng, ["mt", "kg"])


def foil(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "thickness 0.5 mm",
                "1000 mm wide roll",
                "density 1.0 g/cm3",
                "C 98%",
                "sulphur <1000 ppm",
                "for valves and flanges",
                "DN50 PN40",
                "1.5 mm thick",
            ],
        ),
        pick(rng, ["厚度0.5mm", "幅宽1000mm", "含碳98%", "DN50"]),
    )


def ore(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "Sb 45% min",
                "Sb 60%",
                "antimony content 35-40%",
                "Sb 50-55%, As <0.3%",
                "Au 20 g/t, Sb 40%",
                "moisture 8%",
                "lumps 10-50 mm",
                "Sb 65% min",
            ],
        ),
        pick(rng, ["含锑45%以上", "Sb 60%", "锑品位35-40%", "含金20克/吨", "水分8%"]),
    )
    g.unit = "mt"


def insb(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "EPD < 50 cm-2",
                "dislocation density <100 /cm2",
                "EPD ≤ 30/cm²",
                "dislocation density 200 cm-2",
                "7N",
                "Te-doped n-type",
                "undoped",
                "EPD <10 cm-2",
                "carrier concentration 1E14",
            ],
        ),
        pick(rng, ["位错密度<50/cm²", "位错密度<100/cm²", "7N", "掺碲N型"]),
    )


def technology(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "including process specifications, process parameters and procedures",
                "technical documentation, drawings and know-how",
                "technology licence and training",
                "process flow sheets and operating manuals",
                "technical data package",
                "technical assistance and consulting services",
            ],
        ),
        pick(rng, ["包括工艺规范、工艺参数及加工规程", "技术资料及图纸", "技术许可及培训", "工艺包"]),
    )
    g.unit = "doc"


def press(rng: random.Random, g: Good) -> None:
    bore = pick(rng, ["420", "460", "500", "560", "600", "650", "750", "800"])
    gpa = pick(rng, ["4.5", "5", "5.5", "6", "6.5", "7"])
    _add(g, pick(rng, [f"cylinder bore {bore} mm", f"ram bore Ø{bore}mm", f"bore size {bore} mm"]), f"缸径{bore}mm")
    _add(
        g,
        pick(rng, [f"design pressure {gpa} GPa", f"synthesis pressure {gpa} GPa", f"max pressure {gpa} GPa"]),
        f"设计压力{gpa}GPa",
    )
    _add(
        g,
        pick(
            rng,
            [
                "model DS-6x3600",
                "model CS-850",
                "X/Y/Z three-axis synchronous",
                "hinge type",
                "380V 50Hz",
                "type 6×2500T",
                "with hydraulic station",
            ],
        ),
        pick(rng, ["型号DS-6×3600", "铰链式", "三轴同步加压", "含液压站"]),
    )
    g.unit = "set"


def press_part(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "for DS-650 cubic press",
                "YG8 cemented carbide",
                "forged alloy steel",
                "for 6x3000T press",
                "anvil face 46 mm",
                "weight 2.3 t",
                "for Ø650 mm cylinder",
            ],
        ),
        pick(rng, ["用于六面顶压机", "YG8硬质合金", "锻钢", "缸径650mm压机用"]),
    )
    g.unit = pick(rng, ["pcs", "set"])


def press_ctrl(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "synthesis pressure >5 GPa",
                "for cubic press",
                "PLC based",
                "pressure 5.5 GPa",
                "pressure 4 GPa",
                "servo control",
                "with pressure sensors and software",
            ],
        ),
        pick(rng, ["合成压力大于5GPa", "PLC控制", "伺服控制"]),
    )
    g.unit = "set"


def mpcvd(rng: random.Random, g: Good) -> None:
    kw = pick(rng, ["6", "8", "10", "15", "30", "60", "75", "100"])
    mhz = pick(rng, ["915 MHz", "2450 MHz", "2.45 GHz", "915MHz", "2450MHz", "5.8 GHz"])
    _add(g, pick(rng, [f"microwave power {kw} kW", f"{kw} kW", f"power {kw}kW"]), f"微波功率{kw}kW")
    _add(g, pick(rng, [f"frequency {mhz}", mhz]), f"频率{mhz}")
    _add(
        g,
        pick(
            rng,
            [
                "for single crystal diamond growth",
                "for polycrystalline diamond films",
                "water-cooled stage",
                "4-inch substrate holder",
            ],
        ),
        pick(rng, ["用于单晶金刚石生长", "金刚石膜沉积"]),
    )
    g.unit = "set"


def diamond_window(rng: random.Random, g: Good) -> None:
    d = pick(rng, ["10", "25.4", "50.8", "60", "76.2", "80", "100", "120"])
    t = pick(rng, ["55", "60", "65", "68", "70", "71"])
    _add(g, pick(rng, [f"diameter {d} mm", f"Ø{d} mm", f"dia. {d}mm"]), f"直径{d}mm")
    _add(g, pick(rng, [f"visible transmittance {t}%", f"transmission {t}% at 10.6 µm", f"T>{t}%"]), f"透过率{t}%")
    if chance(rng, 0.3):
        _add(
            g,
            pick(
                rng, ["curved", "dome", "flat", "thickness 1 mm", "for CO2 laser", "polycrystalline", "single crystal"]
            ),
            pick(rng, ["曲面", "平面", "厚度1mm"]),
        )
    g.unit = "pcs"


def apt(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "WO3 88.5% min",
                "WO3 ≥88.5%",
                "Mo <20 ppm",
                "GB/T 10116-2007 APT-0",
                "FSSS 40-60 µm",
                "crystalline white powder",
                "WO3 content 89%",
            ],
        ),
        pick(rng, ["WO3≥88.5%", "国标零级", "APT-0级", "白色结晶"]),
    )
    g.unit = pick(rng, ["kg", "mt"])


def wc(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "FSSS 0.8 µm",
                "FSSS 2.0-3.0 um",
                "total C 6.13%",
                "free C <0.05%",
                "particle size 1-2 µm",
                "-100+325 mesh",
                "FSSS 15 µm coarse",
                "nano 200 nm",
                "45-150 µm spherical",
            ],
        ),
        pick(rng, ["费氏粒度0.8μm", "总碳6.13%", "游离碳<0.05%", "粒度1-2μm"]),
    )


def _w_dims(rng: random.Random, g: Good) -> None:
    r = rng.random()
    if r < 0.4:
        d = pick(rng, ["20", "50", "80", "110", "120", "130", "150", "200"])
        l_ = pick(rng, ["30", "50", "60", "100", "300"])
        _add(
            g,
            pick(rng, [f"Ø{d} x {l_} mm", f"dia {d} mm x L {l_} mm", f"diameter {d}mm, length {l_}mm"]),
            f"Φ{d}×{l_}mm",
        )
    elif r < 0.7:
        a = pick(rng, ["100", "120", "150", "200"])
        b = pick(rng, ["100", "120", "150"])
        c = pick(rng, ["20", "40", "50", "60"])
        _add(g, pick(rng, [f"{a} x {b} x {c} mm", f"block {a}×{b}×{c} mm"]), f"{a}×{b}×{c}mm")
    elif r < 0.85:
        _add(
            g,
            pick(rng, ["tube OD 130 ID 70 L 60 mm", "tube ID 65 mm wall 25 mm L 50 mm", "pipe ID 40 wall 10 L 100"]),
            "管 内径65mm 壁厚25mm",
        )
    else:
        _add(
            g,
            pick(rng, ["thickness 0.1 mm", "1 mm sheet", "0.05 mm foil", "plate 3 mm"]),
            pick(rng, ["厚0.1mm", "1mm板"]),
        )


def w_solid(rng: random.Random, g: Good) -> None:
    _w_dims(rng, g)
    _add(
        g,
        pick(rng, ["W 99.95%", "density 19.2 g/cm3", "W ≥97%", "sintered", "forged", "ground surface", "W 96%"]),
        pick(rng, ["W≥99.95%", "密度19.2", "烧结态", "锻造"]),
    )


def w_cu(rng: random.Random, g: Good) -> None:
    _w_dims(rng, g)
    _add(
        g,
        pick(rng, ["W80Cu20", "W75Cu25", "W70Cu30", "W90Cu10", "W 85% Cu 15%", "tungsten 80 wt%", "W 70 wt%"]),
        pick(rng, ["W80Cu20", "W75Cu25", "钨含量80%", "钨70%铜30%"]),
    )


def w_ag(rng: random.Random, g: Good) -> None:
    _w_dims(rng, g)
    _add(
        g,
        pick(rng, ["W 80% Ag 20%", "AgW50", "AgW65", "Ag 35% W 65%", "W 70 wt%, Ag 30 wt%", "AgW80", "Ag 2.5%"]),
        pick(rng, ["钨80%银20%", "AgW50", "银35%钨65%"]),
    )


def w_heavy(rng: random.Random, g: Good) -> None:
    _w_dims(rng, g)
    _add(
        g,
        pick(rng, ["density 17.0 g/cm3", "density 17.6 g/cc", "density 18.5 g/cm3", "density 17.3", "18.8 g/cm³"]),
        pick(rng, ["密度17.0", "密度17.6g/cm³", "密度18.5"]),
    )
    _add(
        g,
        pick(
            rng,
            [
                "UTS 900 MPa",
                "tensile strength 1300 MPa",
                "elongation 12%",
                "yield 850 MPa",
                "elongation 5%",
                "UTS 1000 MPa, elongation 10%",
                "ASTM B777 Class 3",
                "Class 1",
            ],
        ),
        pick(rng, ["抗拉强度900MPa", "延伸率12%", "抗拉1300MPa"]),
    )


def hardmetal(rng: random.Random, g: Good) -> None:
    """Cemented carbide (hardmetal): tungsten carbide grains sintered in a cobalt or nickel binder. Datasheets
    give the binder share, the grade, grain size, hardness, density and the blank size; the carbide share is
    high, which is why it must not read as the listed tungsten carbide compound."""
    co = pick(rng, ["3", "6", "8", "10", "12", "15", "20", "25"])
    wc_share = str(100 - int(co))
    _add(
        g,
        pick(
            rng,
            [
                f"WC {wc_share}% Co {co}%",
                f"{wc_share}% WC, {co}% Co binder",
                f"cobalt binder {co}%",
                f"WC-{co}Co",
                f"Co content {co} wt%",
                f"tungsten carbide {wc_share}% and cobalt {co}%",
                f"{co}% nickel binder",
            ],
        ),
        pick(rng, [f"钴含量{co}%", f"WC-{co}Co", f"YG{co}", f"碳化钨{wc_share}%钴{co}%"]),
    )
    if chance(rng, 0.6):
        _add(
            g,
            pick(
                rng,
                [
                    f"grade YG{co}",
                    f"grade K{pick(rng, ['10', '20', '30', '40'])}",
                    "ISO grade P20",
                    "submicron grain",
                    "grain size 0.6 µm",
                    "hardness HRA 91.5",
                    "HRA 89",
                    "density 14.6 g/cm3",
                    "TRS 3500 MPa",
                    "sintered, HIP",
                    "ground h6",
                    "unground blanks",
                    "with coolant holes",
                ],
            ),
            pick(rng, ["烧结", "硬度HRA91.5", "密度14.6g/cm³", "超细晶粒", "毛坯"]),
        )
    if chance(rng, 0.4):
        d = pick(rng, ["3", "6", "8", "10", "12", "16", "20", "25"])
        length = pick(rng, ["50", "100", "310", "330"])
        _add(g, pick(rng, [f"Ø{d} x {length} mm", f"{d} mm diameter x {length} mm"]), f"Φ{d}×{length}mm")


def evaporation(rng: random.Random, g: Good) -> None:
    """Evaporation (coating) materials: piece size, tablet size or wire gauge, and the deposition method."""
    _add(
        g,
        pick(
            rng,
            [
                "1-3 mm granules",
                "3-6 mm pieces",
                "pellets Ø3 x 3 mm",
                "tablets Ø10 x 5 mm",
                "chunks 5-10 mm",
                "slugs Ø6.35 x 6.35 mm",
                "wire Ø1 mm",
                "crystalline pieces",
            ],
        ),
        pick(rng, ["颗粒1-3mm", "块状3-6mm", "片状Φ10×5mm", "丝材Φ1mm"]),
    )
    if chance(rng, 0.5):
        _add(
            g,
            pick(rng, ["for e-beam evaporation", "for thermal evaporation", "for optical coatings", "for AR coatings"]),
            pick(rng, ["电子束蒸发用", "热蒸发用", "光学镀膜用"]),
        )


def bi_hi(rng: random.Random, g: Good) -> None:
    g.purity = float(pick(rng, ["99.995", "99.999", "99.9999", "99.99999", "99.997"]))
    g.purity_required = True
    g.trace = True


def bi_lo(rng: random.Random, g: Good) -> None:
    if chance(rng, 0.3):
        g.purity = None
    else:
        g.purity = float(pick(rng, ["99.99", "99.99", "99.9", "99.5", "99.0", "99.95", "99.8"]))
        g.purity_required = True


def crystal_dims(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "4 x 4 x 30 mm pixels",
                "Ø 50 x 50 mm",
                "crystal array 8x8",
                "boule Ø80 mm x 200 mm",
                "light yield 8000 ph/MeV",
                "for PET detectors",
                "25 x 25 x 25 mm",
                "polished all faces",
            ],
        ),
        pick(rng, ["4×4×30mm", "Φ50×50mm", "用于PET探测器", "晶体阵列8×8"]),
    )
    g.unit = pick(rng, ["pcs", "kg"])


def mo_powder(rng: random.Random, g: Good) -> None:
    r = rng.random()
    if r < 0.55:
        size = pick(
            rng,
            ["2-5 µm", "FSSS 3.0 µm", "D50 5 um", "15-45 µm", "15-53 µm", "-325 mesh", "1-3 μm", "45 µm", "20-50 um"],
        )
    else:
        size = pick(rng, ["53-150 µm", "-100 mesh", "75-150 um", "60 µm", "-60 mesh", "100-200 µm", "150 µm"])
    _add(g, pick(rng, [f"particle size {size}", size, f"grain size {size}"]), f"粒度{size}")
    if chance(rng, 0.5):
        _add(
            g,
            pick(
                rng,
                [
                    "Mo ≥99.95%",
                    "O <0.15%",
                    "spherical",
                    "for thermal spray",
                    "for MIM",
                    "for 3D printing",
                    "Mo 99.9%",
                    "Mo 96%",
                ],
            ),
            pick(rng, ["Mo≥99.95%", "球形", "热喷涂用", "3D打印用"]),
        )
    g.trace = True


def re_metal(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "TREM 99%",
                "RE/TREM 99.9%",
                "lumps 10-50 mm",
                "ingot",
                "sublimed dendritic",
                "distilled",
                "chips",
                "in argon-filled ampoule",
                "rod 10 mm",
            ],
        ),
        pick(rng, ["TREM≥99%", "稀土相对纯度99.9%", "块状", "蒸馏级", "真空包装"]),
    )


def re_alloy(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "RE content 20-30%",
                "RE 80%",
                "RE 2 wt%",
                "ingot",
                "powder -200 mesh",
                "waffle ingot",
                "lumps 10-50 mm",
                "strip cast flakes",
                "rod Ø10 mm",
                "balance Fe",
                "balance Al",
                "balance Mg",
            ],
        ),
        pick(rng, ["稀土含量20-30%", "锭状", "块状", "粉末-200目", "中间合金锭"]),
    )


def target_dims(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "Ø 50.8 x 3 mm",
                '3" x 0.125"',
                "Ø 76.2 x 6 mm",
                "2 inch dia x 0.25 inch",
                "Ø 100 x 5 mm",
                "rectangular 200 x 100 x 6 mm",
                "rotary 1000 mm",
            ],
        ),
        pick(rng, ["Φ50.8×3mm", "Φ76.2×6mm", "Φ100×5mm", "200×100×6mm"]),
    )
    g.unit = "pcs"


def target_bonded(rng: random.Random, g: Good) -> None:
    g.form_en = pick(
        rng,
        [
            "bonded to copper backing plate",
            "with backing plate",
            "indium-bonded to Cu backing plate",
            "target assembly with Mo backing plate",
            "on OFHC copper backplate",
            "elastomer bonded with backplate",
        ],
    )
    g.form_zh = pick(rng, ["带背板", "绑定铜背板", "带背板靶材组件", "铟绑定背板"])
    target_dims(rng, g)


def re_mix(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "TREO 92%",
                "REO 45%",
                "TREO ≥ 90%",
                "medium/heavy RE ≥30%",
                "REO 36% (solution)",
                "TREO 99%",
                "TREO 85%",
                "moisture 10%",
            ],
        ),
        pick(rng, ["TREO≥92%", "REO 45%", "中重稀土≥30%", "稀土总量90%"]),
    )
    g.unit = pick(rng, ["mt", "kg"])


def re_prep(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "D50 10 µm",
                "8 mol% Y2O3",
                "3 mol%",
                "for thermal barrier coatings",
                "for SOFC",
                "spray-dried",
                "for LED",
                "fluorescent grade",
                "particle size 1-5 µm",
            ],
        ),
        pick(rng, ["D50 10μm", "热喷涂", "用于LED", "燃料电池用"]),
    )


def smco(rng: random.Random, g: Good) -> None:
    _add(
        g,
        pick(
            rng,
            [
                "YXG-28",
                "YXG-24H",
                "YXG-32",
                "SmCo5 YX-18",
                "Sm2Co17 grade 26",
                "30 x 10 x 5 mm",
                "Ø 10 x 3 mm",
                "max temp 350 °C",
                "Br 1.05 T",
                "arc segment R20 x r15 x 60°",
            ],
        ),
        pick(rng, ["YXG-28", "YXG-24H", "30×10×5mm", "耐温350℃", "Φ10×3mm"]),
    )
    g.unit = pick(rng, ["pcs", "kg"])


def _ndfeb(rng: random.Random, g: Good, el_en: str, el_zh: str) -> None:
    grade = pick(
        rng,
        [
            "N35",
            "N42",
            "N45",
            "N48",
            "N52",
            "N38H",
            "N42SH",
            "N45SH",
            "N35UH",
            "N40UH",
            "N33EH",
            "N30AH",
            "48H",
            "42SH",
            "38UH",
        ],
    )
    _add(g, pick(rng, [f"grade {grade}", grade, f"{grade} NiCuNi coated"]), pick(rng, [f"牌号{grade}", grade]))
    _add(
        g,
        pick(
            rng,
            [
                "50 x 20 x 5 mm",
                "Ø 12 x 3 mm",
                "arc R30 x r25 x 45°",
                "block 40x20x10 mm",
                "ring OD 20 ID 10 T 5",
                "for EV traction motor",
                "for wind turbine generator",
                "Zn coated",
                "epoxy coated",
            ],
        ),
        pick(rng, ["50×20×5mm", "Φ12×3mm", "新能源汽车电机用", "风电用", "镀镍"]),
    )
    if chance(rng, 0.6):
        _add(
            g,
            pick(
                rng,
                [
                    f"{el_en} 2.5 wt%",
                    f"containing {el_en}",
                    f"{el_en} grain boundary diffusion",
                    f"{el_en[:2].capitalize()} 4%",
                    f"{el_en} content 1.2%",
                    f"heavy rare earth ({el_en}) added",
                ],
            ),
            pick(rng, [f"含{el_zh}2.5%", f"含{el_zh}", f"晶界扩散{el_zh}", f"{el_zh}含量1.2%"]),
        )
    g.unit = pick(rng, ["pcs", "kg"])


def ndfeb_tb(rng: random.Random, g: Good) -> None:
    _ndfeb(rng, g, "terbium", "铽")


def ndfeb_dy(rng: random.Random, g: Good) -> None:
    _ndfeb(rng, g, "dysprosium", "镝")


SPECS: dict[str, SpecFn] = {
    "wafer": wafer,
    "powder": powder,
    "ingot_dims": ingot_dims,
    "ingot_weight": ingot_weight,
    "ga_pack": ga_pack,
    "zr_ge": zr_ge,
    "chem_pack": chem_pack,
    "gas_mix": gas_mix,
    "graphite_art": graphite_art,
    "flake": flake,
    "sphere": sphere,
    "foil": foil,
    "ore": ore,
    "insb": insb,
    "technology": technology,
    "press": press,
    "press_part": press_part,
    "press_ctrl": press_ctrl,
    "mpcvd": mpcvd,
    "diamond_window": diamond_window,
    "apt": apt,
    "wc": wc,
    "w_solid": w_solid,
    "w_cu": w_cu,
    "w_ag": w_ag,
    "w_heavy": w_heavy,
    "hardmetal": hardmetal,
    "evaporation": evaporation,
    "bi_hi": bi_hi,
    "bi_lo": bi_lo,
    "crystal_dims": crystal_dims,
    "mo_powder": mo_powder,
    "re_metal": re_metal,
    "re_alloy": re_alloy,
    "target_dims": target_dims,
    "target_bonded": target_bonded,
    "re_mix": re_mix,
    "re_prep": re_prep,
    "smco": smco,
    "ndfeb_tb": ndfeb_tb,
    "ndfeb_dy": ndfeb_dy,
}
