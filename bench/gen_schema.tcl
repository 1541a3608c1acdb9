# Generates N tables x C columns in the exact SHOW CREATE TABLE layout of a
# 3.3 server (facts §1.2-§1.7), for the benchmarks.
#   tclsh gen_schema.tcl out.sql ?tables? ?columns? ?variant?
# variant 0 is the base schema; variant 1 changes 10% of the tables (a type
# widened, a column added, a property and a bucket count changed) so the
# two files can be diffed.
lassign $argv out ntables ncols variant
if {$ntables eq ""} { set ntables 10000 }
if {$ncols eq ""} { set ncols 30 }
if {$variant eq ""} { set variant 0 }

set types {{int(11)} {bigint(20)} {varchar(255)} {varchar(65533)} {decimal(18, 4)}
           {datetime} {date} {double} {boolean} {array<int(11)>}
           {map<varchar(65533),bigint(20)>} {struct<a int(11), b varchar(20)>}}
set fh [open $out w]
fconfigure $fh -translation lf -encoding utf-8
for {set t 0} {$t < $ntables} {incr t} {
  set changed [expr {$variant && $t % 10 == 3}]
  set lines {}
  lappend lines "  `id` bigint(20) NOT NULL COMMENT \"row id\""
  lappend lines "  `dt` date NOT NULL COMMENT \"\""
  for {set c 2} {$c < $ncols} {incr c} {
    set ty [lindex $types [expr {($t + $c) % [llength $types]}]]
    if {$changed && $c == 2 && $ty eq "int(11)"} { set ty "bigint(20)" }
    set def [expr {$c % 7 == 0 && [string match *int* $ty] && ![string match *<* $ty] ? " DEFAULT \"0\"" : ""}]
    lappend lines "  `col_$c` $ty NULL$def COMMENT \"column $c of table $t, kept for the benchmark\""
  }
  if {$changed} { lappend lines "  `added` varchar(64) NULL COMMENT \"\"" }
  set buckets [expr {$changed ? 16 : 8}]
  set repl [expr {$changed ? 2 : 3}]
  puts $fh "CREATE TABLE `tbl_$t` (\n[join $lines ,\n]\n) ENGINE=OLAP \nPRIMARY KEY(`id`, `dt`)\nCOMMENT \"table $t\"\nPARTITION BY date_trunc('day', `dt`)\nDISTRIBUTED BY HASH(`id`) BUCKETS $buckets \nPROPERTIES (\n\"compression\" = \"LZ4\",\n\"enable_persistent_index\" = \"true\",\n\"fast_schema_evolution\" = \"true\",\n\"replicated_storage\" = \"true\",\n\"replication_num\" = \"$repl\"\n);\n"
}
close $fh
