# bench/apply.tcl -- sr_apply of N tables' changes against the fake FE,
# each change a schema-change job of J ms, at several `parallel` settings;
# prints wall time, statements, requests, the time the jobs alone take one
# after another (the floor at parallel 1), and the client's and the fake's
# CPU time.
#
#   tclsh bench/apply.tcl ./libsrschema.so ?tables? ?job_ms? ?parallels? ?poll?
#
# Defaults: 1000 tables, 200 ms jobs, parallel "1 8", poll 0.05 s. Each
# table widens one column (one job); the fake starts afresh for each run.

package require sqlite3
lassign $argv ext ntables job_ms parallels poll
if {$ntables eq ""} { set ntables 1000 }
if {$job_ms eq ""} { set job_ms 200 }
if {$parallels eq ""} { set parallels {1 8} }
if {$poll eq ""} { set poll 0.05 }

set here [file dirname [file normalize [info script]]]
set testdir [file join $here .. test]
set tmpdir [file join $here out apply]
file mkdir $tmpdir
set SR_EXT [file normalize $ext]
# read_file, write_file and the fake FE's helpers, as the tests use them.
source [file join $testdir tester.tcl]
source [file join $testdir live_support.tcl]

proc cpu_seconds {{pid self}} {
    set stat [read_file /proc/$pid/stat]
    set fields [string range $stat [string last ) $stat]+2 end]
    return [expr {([lindex $fields 11] + [lindex $fields 12]) / 100.0}]
}

set live [file join $tmpdir live-$ntables.sql]
set want [file join $tmpdir want-$ntables.sql]
gen_tables $live $ntables 5
write_file $want [string map [list {`c1` int(11) NULL} {`c1` bigint(20) NULL}] [read_file $live]]

sqlite3 db :memory:
db enable_load_extension 1
db eval {SELECT load_extension($SR_EXT)}

puts [format "apply: %d tables, one %d ms schema-change job each, poll %g s (fake FE; jobs alone, one after another: %.0f s)" \
          $ntables $job_ms $poll [expr {$ntables * $job_ms / 1000.0}]]
puts "  parallel   wall s  statements  requests  most jobs at once  verify  client CPU s  fake CPU s"
foreach par $parallels {
    file delete -force [file join $tmpdir fake-apply$par]
    # The fake ends itself after --lifetime seconds (300 by default): a run
    # at parallel 1 on a loaded machine lasts longer.
    set fe [fakefe_start apply$par --ext $SR_EXT --db b=$live --job_ms $job_ms --lifetime 3600]
    set url [fakefe_url $fe b]
    set opts [format {{"parallel": %d, "poll": %s, "journal": false}} $par $poll]
    set cpu0 [cpu_seconds]
    set fcpu0 [cpu_seconds [dict get $fe pid]]
    set t0 [clock microseconds]
    set rows [db eval {SELECT action, status FROM sr_apply($url, $want, $opts)}]
    set wall [expr {([clock microseconds] - $t0) / 1e6}]
    set cpu [expr {[cpu_seconds] - $cpu0}]
    set fcpu [expr {[cpu_seconds [dict get $fe pid]] - $fcpu0}]
    set log [split [read_file [dict get $fe log]] \n]
    set requests [llength [lsearch -all -glob $log "*\t#request *"]]
    # Jobs in flight at once, from the fake's job log.
    set most 0; set cur 0
    foreach l $log {
        if {[string match "job\t* create *" $l]} { incr cur; if {$cur > $most} { set most $cur } }
        if {[string match "job\t* FINISHED *" $l]} { incr cur -1 }
    }
    puts [format "  %8d %8.1f %11d %9d %18d  %-6s %13.2f %11.2f" $par $wall \
              [expr {[llength $rows] / 2 - 1}] $requests $most [lindex $rows end] $cpu $fcpu]
    fakefe_stop $fe
}
db close
