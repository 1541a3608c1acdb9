# bench/live.tcl -- reflect N tables x C columns from the fake StarRocks FE
# with L ms of latency added to every packet flight the server sends, and
# print wall time, round trips and the client's own CPU time.
#
#   tclsh bench/live.tcl ./libsrschema.so ?tables? ?columns? ?latency_ms?

package require sqlite3
lassign $argv ext ntables ncols latency
if {$ntables eq ""} { set ntables 10000 }
if {$ncols eq ""} { set ncols 30 }
if {$latency eq ""} { set latency 1 }

set here [file dirname [file normalize [info script]]]
set testdir [file join $here .. test]
set tmpdir [file join $here out live]
file mkdir $tmpdir
proc read_file {path} {
    set f [open $path]
    fconfigure $f -encoding utf-8
    set t [read $f]
    close $f
    return $t
}
proc write_file {path text} {
    set f [open $path w]
    fconfigure $f -encoding utf-8
    puts -nonewline $f $text
    close $f
}
source [file join $testdir live_support.tcl]

# CPU seconds (user + system) this process has used, all threads included:
# the fake runs in another process, so this is libsrschema + SQLite + Tcl.
proc cpu_seconds {{pid self}} {
    set stat [read_file /proc/$pid/stat]
    set fields [lrange [string range $stat [string last ) $stat]+2 end] 0 end]
    return [expr {([lindex $fields 11] + [lindex $fields 12]) / 100.0}]
}

set schema [file join $tmpdir tables-$ntables-$ncols.sql]
if {![file exists $schema]} { gen_tables $schema $ntables $ncols }
file delete -force [file join $tmpdir fake-bench]
set t0 [clock milliseconds]
set fe [fakefe_start bench --db bench=$schema --latency $latency]
set startup [expr {([clock milliseconds] - $t0) / 1000.0}]

sqlite3 db :memory:
db enable_load_extension 1
db eval {SELECT load_extension($ext)}
set url [fakefe_url $fe bench]

# A first, unmeasured read: the fake computes its information_schema rows
# once, so the measured read shows the client, not the fake's warm-up.
db eval {SELECT count(*) FROM sr_tables($url)}
db eval {SELECT sr_refresh()}
fakefe_log $fe

set cpu0 [cpu_seconds]
set fcpu0 [cpu_seconds [dict get $fe pid]]
set w0 [clock microseconds]
set n [db onecolumn {SELECT count(*) FROM sr_columns($url)}]
set wall [expr {([clock microseconds] - $w0) / 1e6}]
set cpu [expr {[cpu_seconds] - $cpu0}]
set fcpu [expr {[cpu_seconds [dict get $fe pid]] - $fcpu0}]
set s [fakefe_summary [fakefe_log $fe]]
fakefe_stop $fe

# The same schema from the file: the parse share of the client CPU.
set cpu1 [cpu_seconds]
db eval {SELECT count(*) FROM sr_columns($schema)}
set filecpu [expr {[cpu_seconds] - $cpu1}]

puts [format "live: %d tables x %d columns from the fake FE, %d ms latency per round trip" $ntables $ncols $latency]
puts [format "  columns read:      %d" $n]
puts [format "  wall time:         %.2f s (fake start-up %.1f s not included)" $wall $startup]
puts [format "  round trips:       %d connections, %d bulk statements, %d SHOW CREATE TABLE" \
          [dict get $s connections] [dict get $s statements] [dict get $s detail]]
puts [format "  fake FE CPU:       %.2f s (single-threaded Tcl: it sets the wall time)" $fcpu]
puts [format "  client CPU:        %.2f s (target < 1 s); of which parsing the same text from a file: %.2f s" $cpu $filecpu]
db close
