#!/usr/bin/env python3
"""Writes data/postcodes/ONSPD_TEST_FIXTURE_WM.csv: a TEST FIXTURE in the ONS Postcode Directory
(ONSPD) CSV layout, not the ONSPD. Its postcodes are those of West Midlands schools in the VRU's
education layer (../shared/data/schools), placed at the school's coordinates (not the postcode's
ONSPD centroid); lsoa11/lsoa21 are the LSOAs containing that point (GDAL, the shared boundaries);
oseast1m/osnrth1m come from cs2cs (EPSG:4326 -> EPSG:27700). Three rows exercise the build's
rules: a terminated postcode, one with no grid reference (ONSPD's lat 99.999999) and one outside
the region. Get the real ONSPD from the ONS Open Geography Portal (data/README.md).

    python3 tools/make_postcode_fixture.py ../shared/data > data/postcodes/ONSPD_TEST_FIXTURE_WM.csv
"""
import csv
import subprocess
import sys

# The classic ONSPD header (user guide column order), kept whole so the fixture reads like the file.
HEADER = ("pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,oseast1m,osnrth1m,"
          "osgrdind,oshlthau,nhser,ctry,rgn,streg,pcon,eer,teclec,ttwa,pct,itl,statsward,oa01,"
          "casward,npark,lsoa01,msoa01,ur01ind,oac01,oa11,lsoa11,msoa11,wz11,sicbl,bua22,ru11ind,"
          "oac11,lat,long,lep1,lep2,pfa,imd,calncv,icb,oa21,lsoa21,msoa21").split(",")
DISTRICTS = ["B1", "B6", "B19", "B20", "B21", "B23", "B44", "B66", "B70", "B72", "B73", "B74",
             "B75", "B76", "B90", "CV1", "CV2", "CV3", "DY1", "DY4", "WS1", "WS10", "WV1", "WV10"]
PER_DISTRICT = {"B19": 7, "B73": 3, "B74": 2, "B75": 2}


def area_at(src, layer, field, lon, lat):
    sql = f"SELECT {field} FROM {layer} WHERE ST_Intersects(geom, MakePoint({lon}, {lat}, 4326))"
    out = subprocess.run(["ogrinfo", "-q", f"{src}/boundaries/{layer}_wm_bgc.gpkg", "-dialect", "SQLite",
                          "-sql", sql], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if f"{field} (String) = " in line:
            return line.split("= ", 1)[1].strip()
    return ""


def grid(lon, lat):
    out = subprocess.run(["cs2cs", "-f", "%.0f", "EPSG:4326", "EPSG:27700"], input=f"{lat} {lon}\n",
                         capture_output=True, text=True, check=True).stdout.split()
    return out[0], out[1]


def row(pcds, lon, lat, lsoa11, lsoa21, east, north, doterm="", grid_ind="1"):
    outward, inward = pcds.split()
    r = dict.fromkeys(HEADER, "")
    r.update(pcd=f"{outward:<4}{inward}"[:7] if len(outward) < 4 else outward + inward,
             pcd2=f"{outward:<4} {inward}", pcds=pcds, dointr="198001", doterm=doterm, usertype="0",
             oseast1m=east, osnrth1m=north, osgrdind=grid_ind, ctry="E92000001", rgn="E12000005",
             lsoa11=lsoa11, lat=lat, long=lon, pfa="E23000014", lsoa21=lsoa21)
    return r


def main(src):
    schools = csv.DictReader(open(f"{src}/schools/WMVRU_Education_layer_WM_excl_2019-20_plus_2_later_years.csv",
                                  encoding="utf-8-sig"))
    by_district = {}
    for s in schools:
        pc = s["Postcode"].strip().upper()
        if not pc or " " not in pc or not s["X"] or not s["Y"]:
            continue
        by_district.setdefault(pc.split()[0], {}).setdefault(pc, (s["X"], s["Y"]))
    out = csv.DictWriter(sys.stdout, fieldnames=HEADER, lineterminator="\r\n")
    out.writeheader()
    for d in DISTRICTS:
        for pc in sorted(by_district.get(d, {}))[:PER_DISTRICT.get(d, 1)]:
            lon, lat = (f"{float(v):.6f}" for v in by_district[d][pc])
            east, north = grid(lon, lat)
            out.writerow(row(pc, lon, lat, area_at(src, "lsoa11", "LSOA11CD", lon, lat),
                             area_at(src, "lsoa21", "lsoa21_code", lon, lat), east, north))
    # The rules: terminated (doterm set), no grid reference (ONSPD: osgrdind 9, lat 99.999999,
    # long 0.000000), and a postcode outside the region (Worcester; LSOAs not in the build).
    out.writerow(row("B19 9ZX", "-1.900000", "52.500000", "E01009148", "E01009148", "406800", "289000",
                     doterm="201505"))
    out.writerow(row("B19 9ZY", "0.000000", "99.999999", "", "", "", "", grid_ind="9"))
    out.writerow(row("WR1 9ZZ", "-2.220000", "52.195000", "E01032258", "E01032258", "385000", "255000"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
