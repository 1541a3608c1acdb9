# apply_support.tcl -- helpers of the tests of sr_apply / sr_exec and of the
# fake FE's DDL side (fakefe_ddl.tcl).

source [file join $testdir live_support.tcl]

# A fake FE that executes DDL with the extension under test.
proc fake_ddl_start {tag args} {
    return [fakefe_start $tag --ext $::SR_EXT {*}$args]
}

# Every job event of the fake's log: {ms event id table kind} with event
# create, FINISHED, CANCELLED or refused (then id is the table).
proc fake_jobs {fe} {
    set out {}
    if {![file exists [dict get $fe log]]} { return {} }
    foreach l [split [read_file [dict get $fe log]] \n] {
        if {[string match "job\t*" $l]} { lappend out [lrange [split [string range $l 4 end]] 0 4] }
    }
    return $out
}

# The statements the fake received (no #connect lines, no job lines).
proc fake_statements {fe} {
    set out {}
    foreach l [split [read_file [dict get $fe log]] \n] {
        set tab [string first \t $l]
        set s [string range $l $tab+1 end]
        if {$tab < 0 || [string match job\t* $l] || [string match #* $s]} continue
        lappend out $s
    }
    return $out
}

# Job intervals {table start end kind id} from the log (end: the FINISHED
# or CANCELLED line; "" while running).
proc fake_intervals {fe} {
    array set start {}
    set out {}
    foreach j [fake_jobs $fe] {
        lassign $j ms ev id t k
        if {$ev eq "create"} { set start($id) [list $t $ms $k] }
        if {$ev in {FINISHED CANCELLED}} {
            lassign $start($id) t0 ms0 k0
            lappend out [list $t0 $ms0 $ms $k0 $id]
        }
    }
    return $out
}

# {most jobs running at once, 1 when one table's jobs overlapped}.
proc overlap_stats {intervals} {
    set ev {}
    foreach i $intervals {
        lassign $i t s e
        lappend ev [list $s 1 $t] [list $e -1 $t]
    }
    set most 0; set cur 0
    # Ends sort before starts at the same millisecond.
    foreach e [lsort -index 0 -integer [lsort -index 1 -integer $ev]] {
        incr cur [lindex $e 1]
        if {$cur > $most} { set most $cur }
    }
    set same 0
    foreach i $intervals {
        lassign $i t s e
        lappend by($t) [list $s $e]
    }
    foreach t [array names by] {
        set last -1
        foreach iv [lsort -index 0 -integer $by($t)] {
            if {[lindex $iv 0] < $last} { set same 1 }
            set last [lindex $iv 1]
        }
    }
    return [list $most $same]
}

# The mariadb command-line client against the fake (tab-separated rows,
# one list per row); errors come back as "ERROR <code>: <message>".
proc fake_mysql {fe db sql} {
    set rc [catch {exec_clean mariadb -h 127.0.0.1 -P [dict get $fe port] -u root \
        --skip-ssl -N -B -e $sql $db 2>@1} out]
    if {$rc} {
        regsub {\nchild process exited abnormally$} $out {} out
        regexp {ERROR (\d+) \([^)]*\)( at line \d+)?: (.*)$} $out -> code - msg
        return [list ERROR $code $msg]
    }
    set rows {}
    foreach l [split $out \n] { lappend rows [split $l \t] }
    return $rows
}

proc have_mariadb_client {} {
    return [expr {![catch {exec_clean mariadb --version}]}]
}

# Runs a Tcl script in a child tclsh with the extension loaded and `db`
# open on dbfile, in the background, after setting the variables of the
# dict vars; returns {pid stdout-file stderr-file}. The child inherits the
# sanitizer preload of `make test-asan`.
proc child_start {tag dbfile vars script} {
    set f [file join $::tmpdir child-$tag.tcl]
    set head "package require sqlite3\n"
    dict set vars ext $::SR_EXT
    dict set vars dbfile $dbfile
    dict for {k v} $vars { append head [list set $k $v] \n }
    append head {
sqlite3 db $dbfile
db enable_load_extension 1
db eval {SELECT load_extension($ext)}
}
    write_file $f $head$script
    set out [file join $::tmpdir child-$tag.out]
    set err [file join $::tmpdir child-$tag.err]
    set pid [exec [info nameofexecutable] $f >$out 2>$err &]
    return [list $pid $out $err]
}

# Waits up to ms for a child to exit; 1 when it did.
proc child_wait {pid {ms 60000}} {
    for {set i 0} {$i < $ms / 20} {incr i} {
        if {![file exists /proc/$pid] || [string match *zombie* [child_state $pid]]} {
            catch {exec kill -0 $pid}
            return 1
        }
        after 20
    }
    return 0
}

proc child_state {pid} {
    if {[catch {read_file /proc/$pid/status} s] ||
        ![regexp {State:\s+(\S+ \(\w+\))} $s -> st]} { return gone }
    return $st
}

# n tables of the generated kind (live_support gen_tables) and their
# desired state: every table widens c1 (a schema-change job); every
# second one also changes its buckets (an OPTIMIZE job); every third adds
# a column (fast schema evolution: instant) and changes a comment.
proc gen_desired {live desired n} {
    gen_tables $live $n 5
    set text [read_file $live]
    set out {}
    set i 0
    foreach st [split [string map [list ";\nCREATE" ";\x01CREATE"] $text] \x01] {
        set st [string map [list {`c1` int(11) NULL} {`c1` bigint(20) NULL}] $st]
        if {$i % 2 == 0} { set st [string map {{BUCKETS 8} {BUCKETS 16}} $st] }
        if {$i % 3 == 0} {
            set st [string map [list {COMMENT "column 4"} {COMMENT "column four"} \
                ") ENGINE=OLAP" ",\n  `added` varchar(20) NULL COMMENT \"\"\n) ENGINE=OLAP"] $st]
        }
        lappend out $st
        incr i
    }
    write_file $desired [join $out ""]
}
