# test/diff/lib.tcl -- helpers shared by the diff*.test files: reading case
# files (format in diff_cases.test) and comparing sr_diff rows.

proc diff_case_read {path} {
    set c [dict create basis "" options "" version "" from "" to "" expect {}]
    set section ""
    foreach line [split [read_file $path] \n] {
        if {[regexp {^(basis|options|version):\s*(.*)$} $line - k v]} {
            dict set c $k [string trim $v]
            set section ""
        } elseif {[regexp {^-- (from|to|expect)\s*$} $line - section]} {
            continue
        } elseif {$section eq "expect"} {
            # A row starts with `table | action | status |`; other lines
            # continue the statement of the row before (multi-line CREATE).
            if {[regexp {^[^|]+\| [a-z_]+ \| (ok|skipped|unsupported) \|} $line]} {
                dict lappend c expect $line
            } elseif {[llength [dict get $c expect]] && $line ne ""} {
                set e [dict get $c expect]
                lset e end "[lindex $e end]\n$line"
                dict set c expect $e
            }
        } elseif {$section ne ""} {
            dict append c $section "$line\n"
        }
    }
    return $c
}

# sr_diff rows of a case as lines "table | action | status | hazard | sql",
# with the message kept beside for unsupported rows.
proc diff_case_rows {db c} {
    set old [$db eval {SELECT sr_config('version')}]
    if {[dict get $c version] ne ""} {
        set v [dict get $c version]
        $db eval {SELECT sr_config('version', $v)}
    }
    set from "ddl:[dict get $c from]"
    set to "ddl:[dict get $c to]"
    set opts [dict get $c options]
    if {$opts eq ""} { set opts "{}" }
    set rows {}
    $db eval {SELECT table_name, action, status, hazard, sql, message
              FROM sr_diff($from, $to, $opts) ORDER BY seq} r {
        lappend rows [list "$r(table_name) | $r(action) | $r(status) | $r(hazard) | $r(sql)" $r(message)]
    }
    $db eval {SELECT sr_config('version', $old)}
    return $rows
}

proc diff_rows_match {got want} {
    if {[llength $got] != [llength $want]} {
        return "expected [llength $want] rows, got [llength $got]:\n[join [lmap r $got {lindex $r 0}] \n]"
    }
    foreach g $got w $want {
        lassign $g line msg
        set parts [split $w |]
        set wsql [string trim [join [lrange $parts 4 end] |]]
        if {[string match "~*" $wsql]} {
            set head [join [lrange [split $line |] 0 3] |]
            set whead [join [lrange $parts 0 3] |]
            if {[diff_norm $head] ne [diff_norm $whead]} { return "row: $line\nwant: $w" }
            set sub [string trim [string range $wsql 1 end]]
            if {[string first $sub $msg] < 0} { return "message: $msg\nwant substring: $sub" }
        } elseif {[diff_norm $line] ne [diff_norm $w]} {
            return "row:  $line\nwant: $w"
        }
    }
    return ok
}

proc diff_norm {s} {
    return [join [lmap p [split $s |] {string trim $p}] |]
}

# Every CREATE the plan emits must parse with our own parser; returns the
# errors (empty when all parse).
proc diff_creates_parse {db rows} {
    set errs {}
    foreach r $rows {
        set sql [string trim [join [lrange [split [lindex $r 0] |] 4 end] |]]
        if {![string match "CREATE *" $sql]} continue
        set src "ddl:$sql"
        if {[catch {$db eval {SELECT count(*) FROM sr_tables($src)}} err]} {
            lappend errs "$sql: $err"
        }
    }
    return $errs
}
