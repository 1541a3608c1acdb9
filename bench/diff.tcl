# bench/diff.tcl -- sr_diff between two 10,000-table schemas that differ in
# 10% of their tables (bench/gen_schema.tcl variants 0 and 1). Prints the
# time to read both sources and the time of the plan itself (sources
# cached, as in a session that has already looked at them).
#
#   tclsh bench/diff.tcl ./libsrschema.so schema_a.sql schema_b.sql

package require sqlite3
lassign $argv ext a b
sqlite3 db :memory:
db enable_load_extension 1
db eval {SELECT load_extension($ext)}

proc ms {script} {
    set t0 [clock microseconds]
    uplevel 1 $script
    return [format %.3f [expr {([clock microseconds] - $t0) / 1e6}]]
}

set load [ms { db eval {SELECT count(*) FROM sr_tables($a)}; db eval {SELECT count(*) FROM sr_tables($b)} }]
set best 1e9
for {set i 0} {$i < 3} {incr i} {
    set t [ms { set rows [db eval {SELECT count(*), count(DISTINCT table_name) FROM sr_diff($a, $b)}] }]
    if {$t < $best} { set best $t }
}
lassign $rows steps tables
set all [ms { db eval {SELECT sql FROM sr_diff($a, $b) WHERE status = 'ok'} }]
puts "sr_diff: 10,000 vs 10,000 tables, $tables tables differ, $steps steps"
puts "  read both sources: ${load} s (once; cached afterwards)"
puts "  plan (best of 3):  ${best} s   target < 0.5 s"
puts "  plan + fetch every ok statement: ${all} s"
db close
