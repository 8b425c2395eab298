#!/usr/bin/env bash
# Through the simulated LGSP (start it first: `make up` or `.venv/bin/ndxp-sim up`):
#   1. a token (OAuth2 client credentials, WSO2 style);
#   2. GPLX: the DVC GPLX session flow — mapi/login, then mapi/g with service=DanhSachHoSo,
#      TraCuuHoSo and LayTaiLieuHoSo;
#   3. hộ tịch (apiHoTichTuPhap): danhMuc, dangKyHoTich (a liên thông khai sinh), traTrangThaiHoSo,
#      ketQuaDangKyHS, traHoSo.
# Needs curl and python3 (to read JSON). LGSP=http://host:port overrides the address.
set -euo pipefail
LGSP=${LGSP:-http://127.0.0.1:8300}
CLIENT=${CLIENT:-VN/GOV/000.00.00.H56/MCDT}
SECRET=${SECRET:-mcdt-demo-secret}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
show() { printf '\n== %s\n' "$1"; }

show "token ($CLIENT)"
TOKEN=$(curl -sf -d grant_type=client_credentials -d "client_id=$CLIENT" -d "client_secret=$SECRET" \
  "$LGSP/token" | json 'd["access_token"]')
AUTH=(-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')
echo "access_token=${TOKEN:0:8}…"

GPLX="$LGSP/apiDVC-GPLX/tcdbdvcdata/mapi"
show "GPLX mapi/login"
SESSION=$(curl -sf "${AUTH[@]}" -d '{"username":"H56.MCDT","password":"gplx-demo-secret"}' \
  "$GPLX/login" | json 'd["session"]')
echo "session=$SESSION"
TODAY=$(date +%F)
FROM=$(date -d '-2 days' +%F)
show "GPLX mapi/g service=DanhSachHoSo ($FROM … $TODAY)"
LIST=$(curl -sf "${AUTH[@]}" "$GPLX/g" -d "{\"session\":\"$SESSION\",\"service\":\"DanhSachHoSo\",
  \"donViXuLy\":\"000.00.00.G18\",\"ngayNhan1\":\"$FROM\",\"ngayNhan2\":\"$TODAY\"}")
echo "$LIST" | json '"error_code=%s total=%s first=%s" % (d["error_code"], d["total"], d["data"][0]["maHoSo"])'
CODE=$(echo "$LIST" | json 'd["data"][0]["maHoSo"]')
show "GPLX mapi/g service=TraCuuHoSo ($CODE)"
DETAIL=$(curl -sf "${AUTH[@]}" "$GPLX/g" \
  -d "{\"session\":\"$SESSION\",\"service\":\"TraCuuHoSo\",\"donViXuLy\":\"000.00.00.G18\",\"mahoso\":\"$CODE\"}")
echo "$DETAIL" | json '"%s %s, hẹn trả %s" % (d["data"][0]["MaTrangThai"], d["data"][0]["TrangThaiHoSo"], d["data"][0]["NgayHenTra"])'
# The first dossier of the list that has a result file already, if any.
FILE=""
for c in $(echo "$LIST" | json '" ".join(i["maHoSo"] for i in d["data"][:40])'); do
  FILE=$(curl -sf "${AUTH[@]}" "$GPLX/g" \
    -d "{\"session\":\"$SESSION\",\"service\":\"TraCuuHoSo\",\"donViXuLy\":\"000.00.00.G18\",\"mahoso\":\"$c\"}" \
    | json '(d["data"][0]["TepKetQua"] or [{"DuongDan": ""}])[0]["DuongDan"]')
  [ -n "$FILE" ] && break
done
show "GPLX mapi/g service=LayTaiLieuHoSo (${FILE:-no result yet})"
curl -sf "${AUTH[@]}" "$GPLX/g" \
  -d "{\"session\":\"$SESSION\",\"service\":\"LayTaiLieuHoSo\",\"donViXuLy\":\"000.00.00.G18\",\"duongdanteptin\":\"${FILE:-x}\"}" \
  | json '"error_code=%s files=%s" % (d["error_code"], [(f["TenTaiLieu"], len(f["Base64"])) for f in d["TepTinDinhKem"]])'
show "GPLX mapi/g with a wrong session (error_code -302)"
curl -sf "${AUTH[@]}" "$GPLX/g" -d '{"session":"sai","service":"TraCuuHoSo","donViXuLy":"000.00.00.G18","mahoso":"x"}'
echo

HT="$LGSP/apiHoTichTuPhap/1.0"
show "hộ tịch danhMuc loaiDanhMuc=3 (dân tộc)"
curl -sf "${AUTH[@]}" "$HT/danhMuc" -d '{"loaiDanhMuc":"3"}' | json '"%s: %d mục, %s" % (d["tenDanhMuc"], len(d["value"]), d["value"][:3])'
ONE_STOP="000.00.01.H01-$(date +%y%m%d)-$RANDOM"
RECORD='{"hoTich":{"nksHoTen":"NGUYỄN AN NHIÊN","nksGioiTinh":"2","nksNgaySinh":"'$(date -d '-3 days' +%d/%m/%Y)'","nksNoiSinh":{"maTinh":"01"},"meHoTen":"TRẦN THỊ BÌNH","meSoDDCN":"036183004567","chaHoTen":"NGUYỄN VĂN AN","chaSoDDCN":"001080012345","nycHoTen":"NGUYỄN VĂN AN","nycQuanHe":"Cha"}}'
BODY=$(python3 -c 'import json,sys; print(json.dumps({"maDonVi":1,"module":"LTKS","maHoSo":sys.argv[1],"ngayTiepNhan":sys.argv[2],"data":sys.argv[3]}))' \
  "$ONE_STOP" "$(date '+%d/%m/%Y %H:%M:%S')" "$RECORD")
show "hộ tịch dangKyHoTich (LTKS, maHoSo=$ONE_STOP)"
curl -sf "${AUTH[@]}" "$HT/dangKyHoTich" -d "$BODY"
echo
show "hộ tịch traTrangThaiHoSo"
curl -sf "${AUTH[@]}" "$HT/traTrangThaiHoSo" -d "{\"maDonVi\":1,\"maHoSo\":\"$ONE_STOP\"}" \
  | json '"trangThai %s (%s), hẹn trả %s" % (d["trangThai"], d["tenTrangThai"], d["ngayHenTra"])'
show "hộ tịch ketQuaDangKyHS (errorCode 200 until registered; faults clock: ndxp-sim faults clock)"
curl -sf "${AUTH[@]}" "$HT/ketQuaDangKyHS" -d "{\"maDonVi\":1,\"maHoSo\":\"$ONE_STOP\"}"
echo
show "hộ tịch traHoSo (module LTKS, the birth record of 001315000456)"
curl -sf "${AUTH[@]}" "$HT/traHoSo" -d '{"module":"LTKS","maHoSo":1315000456}' \
  | json '"%s — số %s, quyển %s, trang %s" % (d["value"][0]["nksHoTen"], d["value"][0]["so"], d["value"][0]["quyenSo"], d["value"][0]["trangSo"])'
show "hộ tịch dangKyHoTich with an unknown unit (errorCode 106)"
curl -sf "${AUTH[@]}" "$HT/dangKyHoTich" -d "${BODY/\"maDonVi\": 1/\"maDonVi\": 2}"
echo
