# fakefe_ddl.tcl -- the DDL side of the fake FE (fakefe.tcl sources it):
# CREATE / ALTER / DROP statements change the served schema, ALTERs that
# StarRocks runs as background jobs are simulated as jobs, and SHOW ALTER
# TABLE / CANCEL ALTER TABLE answer about them (SPEC section 6; facts
# sections 3 and 4).
#
# The statements are interpreted by libsrschema's own interpreter
# (sr_apply_ddl, loaded through tclsqlite from --ext): the served text of
# the objects a statement names is read into a scratch `table:` schema,
# the statement applied there, and the result served again as
# sr_create_ddl prints it. Limit (doc/testing.md): the fake accepts and
# refuses exactly what that interpreter does, so these tests check the
# executor, not the interpreter (test/diff_converge.test does that).
#
# Options (command line or control file, as in fakefe.tcl):
#   ext PATH            libsrschema to load; without it DDL is a syntax error
#   job_ms MS           how long a job takes, PENDING to FINISHED (300)
#   job_cancel GLOB     jobs on matching tables end CANCELLED halfway, with
#                       Msg job_cancel_msg
#   foreign_job "T KIND MS"  another client's job on table T (a no-op job of
#                       KIND COLUMN/OPTIMIZE/ROLLUP lasting MS), started once
#                       when the value first appears
#   race GLOB           an ALTER matching GLOB first starts another client's
#                       job on its table (once per table), so it is refused
#                       with the concurrent-change error
#   race_kind KIND      the kind of that job: COLUMN (default), OPTIMIZE or
#                       ROLLUP (whose refusal has the rollup text)
#   drop_while_job 1    a SHOW ALTER TABLE about a table whose job is not
#                       finished closes the connection
#   job_hold "GLOB [F]"  while set, jobs on matching tables stand still once
#                       they reach fraction F of job_ms (default 0: PENDING;
#                       0.5: RUNNING); once unset they go on from
#                       there. Tests use it to see a state, or a job not
#                       finished, whatever the machine's load.
#
# Jobs are logged as pseudo-connection "job": "<ms> create <id> <table>
# <kind> [foreign]", "<ms> <FINISHED|CANCELLED> <id> <table> <kind>", and
# each refusal as "<ms> refused <table>".

array set cfg {
    ext {} job_ms 300 job_cancel {} race {} race_kind COLUMN foreign_job {} drop_while_job 0
    job_hold {}
    job_cancel_msg {job cancelled by the fake FE (fault job_cancel)}
}

set ddl_loaded 0
set job_seq 10000
set jobs {}                 ;# job dicts, oldest first
set open_jobs {}            ;# indexes in jobs of those not finished
array set jobs_of {}        ;# db,table -> indexes in jobs
array set foreign_fired {}

proc ddl_init {} {
    if {$::ddl_loaded} { return 1 }
    if {$::cfg(ext) eq ""} { return 0 }
    package require sqlite3
    sqlite3 ddb :memory:
    ddb enable_load_extension 1
    ddb eval {SELECT load_extension($::cfg(ext))}
    # The fake's version (version_comment) decides defaults and syntax.
    regexp {(\d+\.\d+)} $::cfg(version_comment) -> v
    ddb eval {SELECT sr_config('version', $v)}
    set ::ddl_loaded 1
    return 1
}

proc now_ms {} { return [clock milliseconds] }
proc ddl_time {ms} { return [clock format [expr {$ms / 1000}] -format {%Y-%m-%d %H:%M:%S}] }

# ---- jobs (facts section 4) ----------------------------------------------

# States PENDING -> WAITING_TXN -> RUNNING (Progress n/m) -> FINISHED, or
# CANCELLED; FinishTime NULL and Progress NULL unless RUNNING (corpus 99).
proc job_new {db table kind dur after {foreign 0} {operation ""}} {
    set id [incr ::job_seq]
    set t0 [now_ms]
    lappend ::jobs [dict create id $id db $db table $table kind $kind t0 $t0 \
        dur $dur state PENDING msg "" progress NULL finish NULL after $after \
        held 0 still {} \
        operation $operation txn [expr {$id + 500000}]]
    set i [expr {[llength $::jobs] - 1}]
    lappend ::open_jobs $i
    lappend ::jobs_of($db,$table) $i
    log job "$t0 create $id $table $kind[expr {$foreign ? " foreign" : ""}]"
    return $id
}

proc job_end {i state msg} {
    set j [lindex $::jobs $i]
    dict set j state $state
    dict set j msg $msg
    dict set j progress NULL
    dict set j finish [now_ms]
    lset ::jobs $i $j
    set k [lsearch -exact -integer $::open_jobs $i]
    if {$k >= 0} { set ::open_jobs [lreplace $::open_jobs $k $k] }
    log job "[now_ms] $state [dict get $j id] [dict get $j table] [dict get $j kind]"
    # The change is visible in SHOW CREATE TABLE only once FINISHED.
    if {$state eq "FINISHED" && [dict get $j after] ne ""} {
        ddl_serve [dict get $j db] [dict get $j after]
    }
}

# A job's age in ms: the time since it was created less the time it stood
# still (job_hold); frozen while it stands still.
proc job_age {j now} {
    set end [expr {[dict get $j still] ne "" ? [dict get $j still] : $now}]
    return [expr {$end - [dict get $j t0] - [dict get $j held]}]
}

# job_hold: a job on a held table stops at its fraction (its age capped
# there, the excess counted as time held); let go, or held further on, it
# ages again from where it stood.
proc job_hold {j now} {
    lassign $::cfg(job_hold) glob frac
    if {$frac eq ""} { set frac 0 }
    set hold [expr {$glob ne "" && [string match $glob [dict get $j table]]}]
    set cap [expr {round($frac * [dict get $j dur])}]
    if {[dict get $j still] ne "" && (!$hold || [job_age $j $now] < $cap)} {
        dict set j held [expr {[dict get $j held] + $now - [dict get $j still]}]
        dict set j still {}
    }
    set age [job_age $j $now]
    if {$hold && [dict get $j still] eq "" && $age >= $cap} {
        dict set j held [expr {[dict get $j held] + $age - $cap}]
        dict set j still $now
    }
    return $j
}

# Advances every unfinished job to the state its age gives it.
proc jobs_tick {} {
    if {$::cfg(foreign_job) ne "" && ![info exists ::foreign_fired($::cfg(foreign_job))]} {
        set ::foreign_fired($::cfg(foreign_job)) 1
        lassign $::cfg(foreign_job) t k ms
        foreach db [array names ::tables] {
            if {[dict exists $::tables($db) $t]} { job_new $db $t $k $ms {} 1 }
        }
    }
    set now [now_ms]
    foreach i $::open_jobs {
        set j [job_hold [lindex $::jobs $i] $now]
        lset ::jobs $i $j
        set f [expr {double([job_age $j $now]) / max(1, [dict get $j dur])}]
        if {$::cfg(job_cancel) ne "" && [string match $::cfg(job_cancel) [dict get $j table]] && $f >= 0.5} {
            job_end $i CANCELLED $::cfg(job_cancel_msg)
        } elseif {$f >= 1} {
            job_end $i FINISHED ""
        } else {
            set st [expr {$f < 0.1 ? "PENDING" : $f < 0.2 ? "WAITING_TXN" : "RUNNING"}]
            dict set j state $st
            dict set j progress [expr {$st eq "RUNNING" ? "[expr {int(($f - 0.2) / 0.8 * 48)}]/48" : "NULL"}]
            lset ::jobs $i $j
        }
    }
}

# The jobs of a table (indexes in jobs).
proc table_jobs {db table} {
    return [expr {[info exists ::jobs_of($db,$table)] ? $::jobs_of($db,$table) : {}}]
}

proc job_open {db table} {
    foreach i [table_jobs $db $table] {
        set j [lindex $::jobs $i]
        if {[dict get $j state] ni {FINISHED CANCELLED}} { return $j }
    }
    return {}
}

# SHOW ALTER TABLE result columns (facts section 4): COLUMN as
# SchemaChangeProcDir (corpus 99), OPTIMIZE as OptimizeProcDir (corpus 97),
# ROLLUP as RollupProcDir (corpus 90, 3.x spelling FinishTime).
array set alter_cols {
    COLUMN {JobId TableName CreateTime FinishTime IndexName IndexId OriginIndexId
        SchemaVersion TransactionId State Msg Progress Timeout}
    OPTIMIZE {JobId TableName CreateTime FinishTime Operation TransactionId State
        Msg Progress Timeout}
    ROLLUP {JobId TableName CreateTime FinishTime BaseIndexName RollupIndexName
        RollupId TransactionId State Msg Progress Timeout}
}

proc job_row {j} {
    set finish [expr {[dict get $j finish] eq "NULL" ? "NULL" : [ddl_time [dict get $j finish]]}]
    set id [dict get $j id]
    set t [dict get $j table]
    set head [list $id $t [ddl_time [dict get $j t0]] $finish]
    set tail [list [dict get $j txn] [dict get $j state] [dict get $j msg] [dict get $j progress] 86400]
    switch [dict get $j kind] {
        COLUMN { return [concat $head [list $t [expr {$id + 1}] [expr {$id - 1}] 0:0] $tail] }
        OPTIMIZE { return [concat $head [list [dict get $j operation]] $tail] }
        ROLLUP { return [concat $head [list $t rollup_$id [expr {$id + 1}]] $tail] }
    }
}

proc ddl_unquote_value {v} {
    if {[regexp {^'(.*)'$|^"(.*)"$} $v -> a b]} { return [string map {\\' ' \\\\ \\} "$a$b"] }
    return $v
}

# SHOW ALTER TABLE kind [FROM db] [WHERE c = 'v' [AND ...]] [ORDER BY c [DESC], ...] [LIMIT n]
proc show_alter {sock db mode q} {
    set limit ""; set order ""; set where ""; set fdb ""
    set rest $q
    regexp -nocase {^(.*)\s+limit\s+(\d+)\s*$} $rest -> rest limit
    regexp -nocase {^(.*)\s+order\s+by\s+(.*)$} $rest -> rest order
    regexp -nocase {^(.*)\s+where\s+(.*)$} $rest -> rest where
    if {![regexp -nocase {^show\s+alter\s+table\s+(column|optimize|rollup)(?:\s+from\s+(\S+))?$} $rest -> kind fdb]} {
        syntax_error $sock $q
        return
    }
    set kind [string toupper $kind]
    if {$fdb ne ""} { set db [unquote_ident $fdb] }
    set names $::alter_cols($kind)
    set conds {}
    foreach c [regexp -all -inline -nocase {(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\S+)} $where] {
        lappend conds $c
    }
    set rows {}
    set busy 0
    # WHERE TableName = 't': that table's jobs only (the benchmark polls
    # 1,000 tables' jobs).
    set which $::jobs
    foreach {- col val} $conds {
        if {[string equal -nocase $col TableName]} {
            set which {}
            foreach i [table_jobs $db [ddl_unquote_value $val]] { lappend which [lindex $::jobs $i] }
        }
    }
    foreach j $which {
        if {[dict get $j db] ne $db || [dict get $j kind] ne $kind} continue
        set row [job_row $j]
        set keep 1
        foreach {- col val} $conds {
            set i [lsearch -nocase $names $col]
            if {$i < 0} {
                # Unknown columns are refused (corpus 97).
                send_err $sock 1064 HY000 "Getting analyzing error. Detail message: Title name\[$col\] does not exist."
                return
            }
            if {[lindex $row $i] ne [ddl_unquote_value $val]} { set keep 0 }
        }
        if {!$keep} continue
        lappend rows $row
        if {[dict get $j state] ni {FINISHED CANCELLED}} { set busy 1 }
    }
    if {$::cfg(drop_while_job) && $busy} { error dropped }
    foreach o [lreverse [split $order ,]] {
        if {[string trim $o] eq ""} continue
        lassign [string trim $o] col dir
        set i [lsearch -nocase $names $col]
        if {$i < 0} {
            send_err $sock 1064 HY000 "Getting analyzing error. Detail message: Title name\[$col\] does not exist."
            return
        }
        set how [expr {[string equal -nocase $dir desc] ? "-decreasing" : "-increasing"}]
        set rows [lsort $how -index $i -dictionary $rows]
    }
    if {$limit ne ""} { set rows [lrange $rows 0 [expr {$limit - 1}]] }
    result_set $sock $names $rows $mode
}

# 1 when the parser of the served version refuses q (fakefe.tcl's request
# asks before anything runs): OPTIMIZE jobs and SHOW ALTER TABLE OPTIMIZE
# came with 3.2 (facts 3.1, corpus 97).
proc ddl_parse_refuses {q} {
    if {![regexp -nocase {^show\s+alter\s+table\s+optimize\M} $q]} { return 0 }
    if {![regexp {(\d+)\.(\d+)} $::cfg(version_comment) -> ma mi]} { return 0 }
    return [expr {$ma < 3 || ($ma == 3 && $mi < 2)}]
}

# CANCEL ALTER TABLE kind FROM [db.]t: the unfinished job ends CANCELLED
# with Msg "user cancelled" (corpus 99); none: SchemaChangeHandler.cancel's
# text (code).
proc cancel_alter {sock db q} {
    if {![regexp -nocase {^cancel\s+alter\s+table\s+(column|optimize|rollup)\s+from\s+(\S+?)(?:\s*\(.*\))?$} $q -> kind name]} {
        syntax_error $sock $q
        return
    }
    set parts [regexp -all -inline {`(?:[^`]|``)*`|[^.`]+} $name]
    if {[llength $parts] > 1} { set db [unquote_ident [lindex $parts 0]] }
    set t [unquote_ident [lindex $parts end]]
    foreach i [table_jobs $db $t] {
        set j [lindex $::jobs $i]
        if {[dict get $j db] eq $db && [dict get $j table] eq $t &&
            [dict get $j kind] eq [string toupper $kind] &&
            [dict get $j state] ni {FINISHED CANCELLED}} {
            job_end $i CANCELLED {user cancelled}
            send_ok $sock
            return
        }
    }
    send_err $sock 1064 HY000 "Table\[$t\] is not under SCHEMA_CHANGE."
}

# ---- statements -----------------------------------------------------------

set name_re {((?:`(?:[^`]|``)*`|[^\s(.`;]+)(?:\.(?:`(?:[^`]|``)*`|[^\s(.`;]+))?)}

proc ddl_last_name {qname} {
    return [unquote_ident [lindex [regexp -all -inline {`(?:[^`]|``)*`|[^.`]+} $qname] end]]
}

# The objects a statement names (the first is the one it acts on).
proc ddl_names {q} {
    set n $::name_re
    set out {}
    if {[regexp -nocase "^alter\\s+(?:table|view|materialized\\s+view)\\s+$n" $q -> a] ||
        [regexp -nocase "^create\\s+(?:or\\s+replace\\s+)?(?:table|view|materialized\\s+view)\\s+(?:if\\s+not\\s+exists\\s+)?$n" $q -> a] ||
        [regexp -nocase "^drop\\s+(?:table|view|materialized\\s+view)\\s+(?:if\\s+exists\\s+)?$n" $q -> a] ||
        [regexp -nocase "^(?:create|drop)\\s+index\\s+\\S+\\s+on\\s+$n" $q -> a]} {
        lappend out [ddl_last_name $a]
    }
    if {[regexp -nocase "\\sswap\\s+with\\s+$n" $q -> b]} { lappend out [ddl_last_name $b] }
    return $out
}

# Which job an ALTER starts (facts 3.1): "" for a synchronous change.
proc ddl_job_kind {q} {
    if {[regexp -nocase {^(create|drop)\s+index\s} $q]} { return COLUMN }
    if {![regexp -nocase {^alter\s+table\s+\S+\s+(.*)$} $q -> rest]} { return "" }
    if {[regexp -nocase {^(add|drop)\s+rollup} $rest]} { return ROLLUP }
    if {[regexp -nocase {^(partitions\s*\(.*\)\s*)?distributed\s+by} $rest]} { return OPTIMIZE }
    if {[regexp -nocase {^modify\s+column\s+\S+\s+comment\s+('[^']*'|"[^"]*")\s*$} $rest]} { return "" }
    if {[regexp -nocase {^((add|drop)\s+(column|columns|index)|modify\s+column|order\s+by)\M} $rest]} { return COLUMN }
    if {[regexp -nocase {^set\s*\(.*bloom_filter_columns} $rest]} { return COLUMN }
    return ""
}

# ADD/DROP COLUMN and STRUCT ADD/DROP FIELD on a table with
# fast_schema_evolution are metadata-only (facts 3.1, 3.3); StarRocks still
# records a finished schema-change job (fe-core SchemaChangeHandlerTest:
# modifyTableAddOrDrop adds a job).
proc ddl_fast {q table} {
    if {![regexp -nocase {^alter\s+table\s+\S+\s+((add|drop)\s+(column|columns)\M|modify\s+column\s+\S+\s+(add|drop)\s+field)} $q]} { return 0 }
    if {[regexp -nocase {,\s*(modify|order)\s} $q]} { return 0 }
    set v [ddb onecolumn {SELECT value FROM w_properties WHERE table_name = $table AND key = 'fast_schema_evolution'}]
    return [expr {$v eq "true"}]
}

# Reads the named objects' served text into the scratch table: schema w.
proc ddl_load {db names} {
    set texts {}
    foreach n $names {
        if {[dict exists $::tables($db) $n]} { lappend texts [dict get $::tables($db) $n text] }
    }
    set src "ddl:[join $texts ";\n"]"
    foreach vt {tables columns properties indexes} {
        ddb eval "DROP TABLE IF EXISTS w_$vt"
        ddb eval "CREATE TABLE w_$vt AS SELECT * FROM sr_$vt\(\$src)"
    }
}

# The scratch schema's objects, as sr_create_ddl prints them: name -> text.
proc ddl_result {} {
    set out {}
    foreach n [ddb eval {SELECT table_name FROM w_tables}] {
        dict set out $n [ddb onecolumn {SELECT sr_create_ddl('table:w', $n)}]
    }
    return $out
}

# Serves a new state of some objects: {loaded names} and {name text}.
proc ddl_serve {db change} {
    lassign $change loaded texts
    foreach n $loaded {
        if {[dict exists $::tables($db) $n]} { dict unset ::tables($db) $n }
    }
    dict for {n text} $texts {
        dict set ::tables($db) $n [parse_statement $db $text]
    }
    # The answers fakefe.tcl keeps (as its drop_table forgets them).
    array unset ::is_cache *,$db
    array unset ::answers $db,*
    array unset ::framed $db,*
}

proc ddl_refuse {sock table kind} {
    log job "[now_ms] refused $table"
    # facts section 4: the concurrent-change error, a literal newline
    # between the sentences.
    if {$kind eq "ROLLUP"} {
        set m "A materialized view or rollup index is being created on the table \"$table\". Please wait until the current operation completes.\nTo check the status of the operation, see https://docs.starrocks.io/docs/sql-reference/sql-statements/materialized_view/SHOW_ALTER_MATERIALIZED_VIEW/ or https://docs.starrocks.io/docs/sql-reference/sql-statements/table_bucket_part_index/SHOW_ALTER/"
    } else {
        set m "A schema change operation is in progress on the table \"$table\". Please wait until the current operation completes.\nTo check the status of the operation, see https://docs.starrocks.io/en-us/latest/sql-reference/sql-statements/data-manipulation/SHOW%20ALTER"
    }
    send_err $sock 1064 HY000 $m
}

proc ddl_statement {sock db q} {
    set names [ddl_names $q]
    set table [lindex $names 0]
    set kind [ddl_job_kind $q]
    set alter [regexp -nocase {^(alter\s+table|create\s+index|drop\s+index)\s} $q]
    if {$alter && $::cfg(race) ne "" && [string match -nocase $::cfg(race) $q] &&
        ![info exists ::race_fired($table)]} {
        set ::race_fired($table) 1
        job_new $db $table $::cfg(race_kind) $::cfg(job_ms) {} 1
    }
    # One job per table at a time (facts 3.1, 4).
    set busy [job_open $db $table]
    if {$alter && $busy ne ""} {
        ddl_refuse $sock $table [dict get $busy kind]
        return
    }
    ddl_load $db $names
    if {[catch {ddb eval {SELECT sr_apply_ddl('table:w', $q)}} e]} {
        regsub {^sr_apply_ddl:\d+:\d+: } $e {} e
        send_err $sock 1064 HY000 "Unexpected exception: $e"
        return
    }
    set change [list $names [ddl_result]]
    if {$kind ne "" && [ddl_fast $q $table]} {
        ddl_serve $db $change
        job_new $db $table COLUMN 0 {}
        job_end [expr {[llength $::jobs] - 1}] FINISHED ""
    } elseif {$kind ne ""} {
        set op ""
        regexp -nocase {(distributed\s+by\s.*)$} $q -> op
        job_new $db $table $kind $::cfg(job_ms) $change 0 $op
    } else {
        ddl_serve $db $change
    }
    send_ok $sock
}

# The statements of this file, for fakefe.tcl's `statement` table; each
# handler gets the whole statement.
proc ddl_statements {} {
    statement {^(show\s+alter\s+table\s.*)$} show_alter
    statement {^(cancel\s+alter\s.*)$} ddl_cancel
    statement {^((?:create|alter|drop)\s.*)$} ddl_run
}

proc ddl_cancel {sock db mode q} {
    if {![ddl_init]} { return [syntax_error $sock $q] }
    cancel_alter $sock $db $q
}

proc ddl_run {sock db mode q} {
    if {![ddl_init]} { return [syntax_error $sock $q] }
    ddl_statement $sock $db $q
}
