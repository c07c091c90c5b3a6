# assess.sh: helpers for the vouch assess scripts (tests/cli/t07*.sh); sourced after lib.sh.
#
#     claim FILE ID KEY   one field of claim ID in the JSON report FILE ("" when absent;
#                         objects and lists as JSON)

claim() { /usr/bin/python3 -c "
import json,sys
d=json.load(open(sys.argv[1]))
c=[c for p in d['principles'] for c in p['claims'] if c['id']==sys.argv[2]][0]
v=c.get(sys.argv[3],'')
print(json.dumps(v) if isinstance(v,(dict,list)) else v)" "$1" "$2" "$3"; }
export -f claim
