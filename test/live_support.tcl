# live_support.tcl -- helpers of the live*.test files: start and stop the
# fake StarRocks FE (fakefe.tcl), read its statement log, time statements.

# exec without the sanitizer preload of `make test-asan`: the servers and
# tools the tests start are not ours to check, and some refuse to run.
proc exec_clean {args} {
    set saved [array get ::env LD_PRELOAD]
    unset -nocomplain ::env(LD_PRELOAD)
    set rc [catch {uplevel 1 [list exec {*}$args]} r opts]
    array set ::env $saved
    return -options $opts $r
}

# Starts a fake FE; args are fakefe.tcl options (--db name=path ...).
# Returns a handle (a dict: pid port log control) once it listens.
proc fakefe_start {tag args} {
    set dir [file join $::tmpdir fake-$tag]
    file mkdir $dir
    set portfile [file join $dir port]
    set log [file join $dir statements.log]
    set control [file join $dir control]
    # A fake that loads the extension (--ext, DDL) keeps the sanitizer
    # preload of `make test-asan`: the ASan build cannot load without it.
    set run [expr {"--ext" in $args ? "exec" : "exec_clean"}]
    set pid [$run [info nameofexecutable] [file join $::testdir fakefe.tcl] \
                 --portfile $portfile --log $log --control $control --parent [pid] {*}$args \
                 >/dev/null 2>>[file join $dir stderr.log] &]
    for {set i 0} {$i < 12000 && ![file exists $portfile]} {incr i} { after 10 }
    if {![file exists $portfile]} {
        catch {exec kill $pid}
        error "fakefe did not start"
    }
    set port [string trim [read_file $portfile]]
    lappend ::fakefe_pids $pid
    return [dict create pid $pid port $port log $log control $control]
}

proc fakefe_stop {fe} {
    catch {exec kill [dict get $fe pid]}
}

# Faults for the next statements: a dict of fakefe keys (see fakefe.tcl).
proc fakefe_control {fe settings} {
    set text ""
    foreach {k v} $settings { append text "$k $v\n" }
    write_file [dict get $fe control] $text
}

proc fakefe_url {fe db {extra ""}} {
    return "starrocks://root@127.0.0.1:[dict get $fe port]/$db$extra"
}

# The log lines {conn statement} written since the last call.
proc fakefe_log {fe} {
    set log [dict get $fe log]
    if {![file exists $log]} { return {} }
    set lines [split [string trimright [read_file $log] \n] \n]
    set key log-[dict get $fe pid]
    set seen [expr {[info exists ::fakefe_seen($key)] ? $::fakefe_seen($key) : 0}]
    set ::fakefe_seen($key) [llength $lines]
    set out {}
    foreach l [lrange $lines $seen end] {
        set tab [string first \t $l]
        lappend out [list [string range $l 0 $tab-1] [string range $l $tab+1 end]]
    }
    return $out
}

# Sums up a log slice: {connections N requests N statements N detail N}:
# requests are COM_QUERY packets; statements counts the bulk statements,
# detail the per-table SHOW CREATE TABLE statements, however many were sent
# in one request.
proc fakefe_summary {lines} {
    set conns 0; set reqs 0; set stmts 0; set detail 0
    foreach l $lines {
        set s [lindex $l 1]
        if {[string match "#connect *" $s]} { incr conns; continue }
        if {[string match "#request *" $s]} { incr reqs; continue }
        if {[string match -nocase "SHOW CREATE TABLE *" $s]} { incr detail } else { incr stmts }
    }
    return [list connections $conns requests $reqs statements $stmts detail $detail]
}

# The statements of a log slice, without the #connect and #request lines.
proc fakefe_statements {lines} {
    set out {}
    foreach l $lines {
        if {![string match "#*" [lindex $l 1]]} { lappend out [lindex $l 1] }
    }
    return $out
}

# Runs sql; returns {rc message seconds}.
proc timed_catchsql {sql} {
    set t0 [clock milliseconds]
    set rc [catch {uplevel 1 [list db eval $sql]} msg]
    set dt [expr {([clock milliseconds] - $t0) / 1000.0}]
    return [list $rc $msg $dt]
}

# A loopback port with nothing listening on it.
proc free_port {} {
    set s [socket -server {apply {args {}}} -myaddr 127.0.0.1 0]
    set p [lindex [fconfigure $s -sockname] 2]
    close $s
    return $p
}

# The four schema tables of a source, as one list.
proc schema_rows {src} {
    set out {}
    foreach vt {sr_tables sr_columns sr_properties sr_indexes} {
        lappend out [db eval "SELECT * FROM ${vt}(\$src)"]
    }
    return $out
}

# Writes n tables of ncols columns in SHOW CREATE TABLE form (3.3+ layout,
# facts 1.2) into one file; used for round-trip counts and the benchmark.
proc gen_tables {path n ncols} {
    set f [open $path w]
    fconfigure $f -encoding utf-8 -translation lf
    for {set i 0} {$i < $n} {incr i} {
        set lines {}
        lappend lines "  `id` bigint(20) NOT NULL COMMENT \"\""
        for {set c 1} {$c < $ncols} {incr c} {
            switch [expr {$c % 4}] {
                0 { lappend lines "  `c$c` varchar(64) NULL DEFAULT \"x\" COMMENT \"column $c\"" }
                1 { lappend lines "  `c$c` int(11) NULL COMMENT \"\"" }
                2 { lappend lines "  `c$c` decimal(10, 2) NOT NULL DEFAULT \"0\" COMMENT \"\"" }
                3 { lappend lines "  `c$c` datetime NULL DEFAULT CURRENT_TIMESTAMP COMMENT \"\"" }
            }
        }
        puts $f "CREATE TABLE `t[format %05d $i]` (\n[join $lines ,\n]\n) ENGINE=OLAP \nDUPLICATE KEY(`id`)\nDISTRIBUTED BY HASH(`id`) BUCKETS 8 \nPROPERTIES (\n\"compression\" = \"LZ4\",\n\"fast_schema_evolution\" = \"true\",\n\"replicated_storage\" = \"true\",\n\"replication_num\" = \"3\"\n);"
    }
    close $f
}
