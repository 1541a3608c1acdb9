# bench/live.tcl -- reflect N tables x C columns from the fake StarRocks FE
# with L ms added before the answer to every request, batched (the default:
# several SHOW CREATE TABLE to a request) and at one statement per request
# (batch=off), in one run; prints requests, statements, wall time and the
# client's own CPU time for each.
#
#   tclsh bench/live.tcl ./libsrschema.so ?tables? ?columns? ?latencies?
#
# Defaults: tables "1000 10000", columns 30, latencies "1 20" (ms). The
# machine may be shared: each batched figure is the median of 3 reads (the
# reads at one statement per request too, but at 20 ms for 10,000 tables,
# which take a minute each). Then the batched read with pool=1, 2, 4, 8
# connections at 20 ms, the server taking no time or 1 ms per SHOW CREATE
# TABLE (the fake then goes on with other connections, as a FE does, each
# on its own thread): the measurements behind the default pool size.

package require sqlite3
lassign $argv ext sizes ncols latencies
if {$sizes eq ""} { set sizes {1000 10000} }
if {$ncols eq ""} { set ncols 30 }
if {$latencies eq ""} { set latencies {1 20} }

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

# CPU seconds (user + system) a process has used, all threads included:
# the fake runs in another process, so "self" is libsrschema + SQLite + Tcl.
proc cpu_seconds {{pid self}} {
    set stat [read_file /proc/$pid/stat]
    set fields [string range $stat [string last ) $stat]+2 end]
    return [expr {([lindex $fields 11] + [lindex $fields 12]) / 100.0}]
}

sqlite3 db :memory:
db enable_load_extension 1
db eval {SELECT load_extension($ext)}

# One measured read of url; returns a dict of figures.
proc measure1 {fe url} {
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
    return [dict merge $s [dict create columns $n wall $wall cpu $cpu fcpu $fcpu]]
}

# The read with the median wall time of k.
proc measure {fe url {k 3}} {
    set runs {}
    for {set i 0} {$i < $k} {incr i} { lappend runs [measure1 $fe $url] }
    set runs [lsort -real -index [expr {[lsearch [lindex $runs 0] wall] + 1}] $runs]
    return [lindex $runs [expr {$k / 2}]]
}

foreach ntables $sizes {
    set schema [file join $tmpdir tables-$ntables-$ncols.sql]
    if {![file exists $schema]} { gen_tables $schema $ntables $ncols }
    file delete -force [file join $tmpdir fake-bench$ntables]
    set t0 [clock milliseconds]
    set fe [fakefe_start bench$ntables --db bench=$schema]
    set startup [expr {([clock milliseconds] - $t0) / 1000.0}]
    set url [fakefe_url $fe bench]
    # A first, unmeasured read: the fake computes its answers once, so the
    # measured reads show the client and the protocol, not its warm-up.
    db eval {SELECT count(*) FROM sr_tables($url)}

    puts [format "live: %d tables x %d columns from the fake FE (start-up %.1f s, not included)" \
              $ntables $ncols $startup]
    puts "  latency  sent                 requests statements conns   wall s  client CPU s  fake CPU s"
    foreach lat $latencies {
        fakefe_control $fe [list latency $lat]
        set r(batched) [measure $fe $url]
        set r(single) [measure $fe $url?batch=off [expr {$ntables * $lat > 100000 ? 1 : 3}]]
        foreach mode {batched single} label {"batched (default)" "one per request"} {
            set m $r($mode)
            puts [format "  %4d ms  %-19s %9d %10d %5d %8.2f %13.2f %11.2f" $lat $label \
                      [dict get $m requests] [expr {[dict get $m statements] + [dict get $m detail]}] \
                      [dict get $m connections] [dict get $m wall] [dict get $m cpu] [dict get $m fcpu]]
        }
        puts [format "           wall time ratio, one per request / batched: %.1fx" \
                  [expr {[dict get $r(single) wall] / [dict get $r(batched) wall]}]]
    }
    set lat [lindex $latencies end]
    foreach ms {0 1} {
        fakefe_control $fe [list latency $lat stmt_ms $ms]
        set line [format "  %4d ms  batched, server %d ms a statement, wall s by pool:" $lat $ms]
        foreach pool {1 2 4 8} {
            set k [expr {$ms && $ntables > 1000 ? 1 : 3}]
            append line [format "  %d: %.2f" $pool [dict get [measure $fe $url?pool=$pool $k] wall]]
        }
        puts $line
    }
    fakefe_stop $fe
    # The same schema from the file: the parse share of the client CPU.
    set cpu1 [cpu_seconds]
    db eval {SELECT count(*) FROM sr_columns($schema)}
    puts [format "  client CPU to parse the same text from a file: %.2f s" [expr {[cpu_seconds] - $cpu1}]]
}
db close
