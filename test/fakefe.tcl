# fakefe.tcl -- a wire-level fake StarRocks FE (SPEC section 6, layer 2).
#
#   tclsh test/fakefe.tcl --portfile F --log F --db NAME=PATH[,PATH...] ...
#
# Speaks the MySQL protocol as a StarRocks FE does (handshake v10 with
# mysql_native_password, COM_QUERY text result sets, ERR packets, COM_PING,
# COM_QUIT) on a free loopback port, which it writes to --portfile once it
# listens. Each --db serves a database whose tables are the CREATE statements
# of the given .sql files or directories, in the form SHOW CREATE TABLE
# prints them; it answers SHOW CREATE TABLE with that text and computes the
# information_schema rows (tables, tables_config, columns, views,
# materialized_views) from it, in the formats real servers use.
#
# Each COM_QUERY is split into statements and answered as the FE does
# (facts 5; see `request`). The log (--log) has one line per connection,
# "<conn>\t#connect <user> <db>", one per request, "<conn>\t#request N"
# (N statements), then one per statement, "<conn>\t<statement>".
#
# DDL statements, simulated ALTER jobs, SHOW ALTER TABLE and CANCEL ALTER
# are fakefe_ddl.tcl's (options there).
#
# Faults (command-line --key value, or "key value" lines of --control FILE,
# re-read whenever the file changes):
#   latency MS          delay before the answer to every request (once for
#                       all its statements), the greeting and the login's OK
#   stmt_ms MS          each SHOW CREATE TABLE takes MS ms of the server's
#                       time, other connections going on meanwhile (a FE
#                       runs each connection on its own thread)
#   stall GLOB          a matching statement is never answered
#   drop_before GLOB    connection closed on receiving a matching statement
#   drop_during GLOB    closed after the column definitions and one row
#   drop_after GLOB     closed right after the whole result
#   err GLOB            answered with ERR err_code / err_msg
#   skew GLOB          information_schema.columns leaves out matching columns
#   user U, password P  the only account (default: any user, no password)
#   version_comment S   @@version_comment (default StarRocks version 3.5.2)
#   run_mode S          @@run_mode (a 4.1+ FE's global read-only variable,
#                       release notes 4.1); empty (the default): "Unknown
#                       system variable", as a server before 4.1 answers
#   stall_connect 1     never send the greeting
#   auth_switch PLUGIN  after the login, ask the client to switch to PLUGIN
#                       (mysql_clear_password: the password in clear)
#   trickle MS          send every answer one byte at a time, MS ms apart
#   trickle_on GLOB     only the answers to matching statements trickle
#   nosplit first|refuse  a server that does not split requests: answers
#                       only the first statement, or refuses several
#   nosplit_on GLOB     only requests whose first statement matches
#   drop_table_on GLOB  on a matching statement, table drop_table NAME of
#                       the connection's database is dropped for good
#   answer_as GLOB      SHOW CREATE TABLE of a matching table answers for
#                       table answer_name NAME instead
#   backends N          SHOW BACKENDS lists N alive backends (default 3)
#   dead_backends N     and N more that are not alive (default 0)
#   lifetime S          exit after S seconds (default 900, beyond the
#                       per-file timeout of test/all.tcl), so that a fake
#                       whose test died does not linger
#   parent PID          exit soon after process PID has gone

package require sha1

array set cfg {
    latency 0 stall {} drop_before {} drop_during {} drop_after {}
    err {} err_code 1064 err_msg {Unexpected exception: injected fault}
    user {} password {} stall_connect 0 lifetime 900 skew {} parent {}
    auth_switch {} stmt_ms 0 nosplit {} nosplit_on {} drop_table_on {} drop_table {} answer_as {} answer_name {}
    trickle 0 trickle_on {} backends 3 dead_backends 0
    version_comment {StarRocks version 3.5.2-a1b2c3d}
    run_mode {}
}
# DDL, jobs, SHOW ALTER (adds its options to cfg).
source [file join [file dirname [info script]] fakefe_ddl.tcl]
set portfile ""
set logfile ""
set control ""
array set dbfiles {}

foreach {k v} $argv {
    set k [string trimleft $k -]
    switch -- $k {
        portfile { set portfile $v }
        log { set logfile $v }
        control { set control $v }
        db {
            regexp {^([^=]+)=(.*)$} $v -> name paths
            set dbfiles($name) [split $paths ,]
        }
        default {
            if {![info exists cfg($k)]} { puts stderr "fakefe: unknown option --$k"; exit 2 }
            set cfg($k) $v
        }
    }
}

# The control file is read before every packet flight, so a test can change
# faults between statements; keys it does not name keep their start values.
array set cfg0 [array get cfg]
proc reload_control {} {
    if {$::control eq ""} return
    array set ::cfg [array get ::cfg0]
    if {![file exists $::control]} return
    set f [open $::control]
    foreach line [split [read $f] \n] {
        if {[regexp {^(\w+)\s+(.*)$} $line -> k v]} { set ::cfg($k) $v }
    }
    close $f
}

set logch ""
if {$logfile ne ""} {
    set logch [open $logfile a]
    fconfigure $logch -buffering full -encoding utf-8
}
# Flushed before the answer to what is logged: whoever reads the log after
# an answer finds it.
proc log {id text} {
    if {$::logch ne ""} { puts $::logch "$id\t[string map {\n { }} $text]" }
}
proc log_flush {} {
    if {$::logch ne ""} { flush $::logch }
}

# ---- the served schema: SHOW CREATE TABLE text, parsed just enough ------

# Statements of a file: a line beginning with CREATE starts one; leading
# "--" lines are the corpus's source notes (facts section 6), not DDL.
proc file_statements {path} {
    set f [open $path]
    fconfigure $f -encoding utf-8
    set text [read $f]
    close $f
    set out {}
    set cur ""
    foreach line [split $text \n] {
        if {$cur eq "" && ([string match --* $line] || [string trim $line] eq "")} continue
        if {[string match -nocase {CREATE *} $line] && $cur ne ""} {
            lappend out [string trimright $cur]
            set cur ""
        }
        append cur $line \n
    }
    if {[string trim $cur] ne ""} { lappend out [string trimright $cur] }
    return $out
}

proc unquote_ident {s} {
    set s [string trim $s]
    if {[string match `*` $s]} { set s [string map {`` `} [string range $s 1 end-1]] }
    return $s
}

# `a`, `b` -> {a b}
proc ident_list {s} {
    set out {}
    foreach p [split $s ,] {
        set p [string trim $p]
        if {$p ne ""} { lappend out [unquote_ident $p] }
    }
    return $out
}
proc bt_list {names} {
    set out {}
    foreach n $names { lappend out "`$n`" }
    return [join $out ", "]
}

# The type at the start of s: scanning to the first blank outside () and <>
# (decimal(38, 9) and struct<a int(11), b ...> hold blanks, facts 1.4).
proc split_type {s} {
    set depth 0
    set n [string length $s]
    for {set i 0} {$i < $n} {incr i} {
        set c [string index $s $i]
        if {$c in {( <}} { incr depth } elseif {$c in {) >}} { incr depth -1 } \
        elseif {$c eq " " && $depth == 0} break
    }
    return [list [string range $s 0 [expr {$i-1}]] [string trim [string range $s $i end]]]
}

proc unescape_dq {s} {
    return [subst -nocommands -novariables $s]
}

# One column line of SHOW CREATE TABLE (facts 1.3):
# `name` type [AGG] NULL|NOT NULL [AUTO_INCREMENT] [DEFAULT d] [AS expr] COMMENT "c"
proc parse_column {line} {
    set line [string trimright [string trim $line] ,]
    # Strings without a backslash take the fast pattern (the benchmark
    # serves 300,000 columns).
    set q [expr {[string first \\ $line] < 0 ? {"([^"]*)"} : {"((?:[^"\\]|\\.)*)"}}]
    set name [lindex [regexp -inline {^`(?:[^`]|``)*`|^\S+} $line] 0]
    set rest [string trimleft [string range $line [string length $name] end]]
    lassign [split_type $rest] type rest
    set col [dict create name [unquote_ident $name] type $type agg "" nullable 1 \
                 autoinc 0 default NULL generated "" comment ""]
    set w [lindex [split $rest] 0]
    if {$w in {SUM MAX MIN REPLACE_IF_NOT_NULL REPLACE HLL_UNION BITMAP_UNION PERCENTILE_UNION}} {
        dict set col agg $w
        set rest [string trimleft [string range $rest [string length $w] end]]
    }
    if {[string match "NOT NULL*" $rest]} {
        dict set col nullable 0
        set rest [string trimleft [string range $rest 8 end]]
    } elseif {[string match "NULL*" $rest]} {
        set rest [string trimleft [string range $rest 4 end]]
    }
    if {[string match "AUTO_INCREMENT*" $rest]} {
        dict set col autoinc 1
        set rest [string trimleft [string range $rest 14 end]]
    }
    if {[string match "DEFAULT *" $rest]} {
        if {[regexp "^DEFAULT\\s+$q\\s*(.*)\$" $rest -> d rest]} {
            dict set col default [unescape_dq $d]
        } elseif {[regexp {^DEFAULT\s+(CURRENT_TIMESTAMP|\(.*?\))\s*(.*)$} $rest -> d rest]} {
            dict set col default $d
        }
    }
    if {[string match "COMMENT *" $rest]} {
        regexp "^COMMENT\\s+$q\$" $rest -> c
        dict set col comment [unescape_dq $c]
    } elseif {[regexp "^AS\\s+(.*?)(?:\\s+COMMENT\\s+$q)?\$" $rest -> g c]} {
        dict set col generated $g
        dict set col comment [unescape_dq $c]
    }
    return $col
}

# PROPERTIES ("k" = "v", ...) -> list of k v, in printed order: the body
# ends at the first line starting with ')'.
proc parse_props {text} {
    set out {}
    set a [string first "\nPROPERTIES (" $text]
    set b [expr {$a < 0 ? -1 : [string first "\n)" $text $a]}]
    if {$b < 0} { return {} }
    set body [string range $text $a+13 $b-1]
    foreach {- k v} [regexp -all -inline {"((?:[^"\\]|\\.)*)" = "((?:[^"\\]|\\.)*)"} $body] {
        lappend out $k $v
    }
    return $out
}

proc parse_statement {db text} {
    set t [dict create db $db text $text kind TABLE comment "" cols {} keys {} \
               model DUP_KEYS part {} dtype HASH dkeys {} buckets 0 order {} \
               props {} refresh "" body ""]
    if {![regexp -nocase {^CREATE\s+(TABLE|VIEW|MATERIALIZED VIEW)\s+((?:`(?:[^`]|``)*`|[^\s(.]+)(?:\.(?:`(?:[^`]|``)*`|[^\s(]+))?)} $text -> kind qname]} {
        error "not a CREATE statement: [string range $text 0 60]"
    }
    set parts [regexp -all -inline {`(?:[^`]|``)*`|[^.`]+} $qname]
    dict set t name [unquote_ident [lindex $parts end]]
    dict set t kind [string toupper $kind]
    set lines [split $text \n]
    if {[dict get $t kind] eq "TABLE"} {
        set cols {}
        foreach line [lrange $lines 1 end] {
            if {[string match )* $line]} break
            if {[string match `* [string trim $line]]} { lappend cols [parse_column $line] }
        }
        dict set t cols $cols
    }
    foreach line $lines {
        # Cheap prefix tests first: the benchmark serves 10,000 tables.
        switch -glob -- $line {
            "  *" - ")*" - "\"*" continue
            "DUPLICATE KEY*" - "AGGREGATE KEY*" - "UNIQUE KEY*" - "PRIMARY KEY*" {
                regexp {^(\w+) KEY\s*\((.*)\)\s*$} $line -> m k
                # tables_config.TABLE_MODEL uses the KeysType enum names (corpus 94, 98).
                dict set t model [dict get {DUPLICATE DUP_KEYS AGGREGATE AGG_KEYS UNIQUE UNIQUE_KEYS PRIMARY PRIMARY_KEYS} $m]
                dict set t keys [ident_list $k]
            }
            "COMMENT \"*" {
                regexp {^COMMENT "((?:[^"\\]|\\.)*)"} $line -> c
                dict set t comment [unescape_dq $c]
            }
            "PARTITION BY *" {
                set p [string range $line 13 end]
                set names [regexp -all -inline {`(?:[^`]|``)*`} $p]
                if {$names eq "" && [regexp {\(.*,\s*(\w+)\)} $p -> c]} { set names [list $c] }
                set out {}
                foreach n $names { lappend out [unquote_ident $n] }
                dict set t part $out
            }
            "DISTRIBUTED BY *" {
                regexp {^DISTRIBUTED BY (HASH|RANDOM)(?:\((.*?)\))?(?:\s+BUCKETS\s+(\d+))?} $line -> dt dk b
                dict set t dtype $dt
                dict set t dkeys [ident_list $dk]
                # DISTRIBUTE_BUCKET 0 means automatic (corpus 98).
                dict set t buckets [expr {$b eq "" ? 0 : $b}]
            }
            "ORDER BY*" {
                regexp {^ORDER BY\s*\((.*)\)\s*$} $line -> o
                dict set t order [ident_list $o]
            }
            "REFRESH *" { dict set t refresh [string range $line 8 end] }
        }
    }
    if {[dict get $t kind] eq "VIEW" && [regexp {\nCOMMENT "((?:[^"\\]|\\.)*)"} $text -> c]} {
        dict set t comment [unescape_dq $c]
    }
    if {[dict get $t kind] ne "TABLE"} {
        regexp {\sAS\s(.*)$} $text -> body
        dict set t body [string trimright $body ";"]
    }
    if {[dict get $t keys] eq "" && [dict get $t kind] eq "TABLE" && [llength [dict get $t cols]]} {
        dict set t keys [list [dict get [lindex [dict get $t cols] 0] name]]
    }
    dict set t props [parse_props $text]
    return $t
}

array set tables {}   ;# db -> dict name -> table
foreach db [array names dbfiles] {
    set d [dict create]
    foreach p $dbfiles($db) {
        set files [expr {[file isdirectory $p] ? [lsort [glob -nocomplain -directory $p *.sql]] : [list $p]}]
        foreach f $files {
            foreach st [file_statements $f] {
                set t [parse_statement $db $st]
                dict set d [dict get $t name] $t
            }
        }
    }
    set tables($db) $d
}

# ---- information_schema rows (facts section 2) ---------------------------

# information_schema.tables: the MySQL column set plus CREATOR; views and
# async MVs are TABLE_TYPE VIEW with a NULL ENGINE (facts 2; corpus 94).
set cols(tables) {TABLE_CATALOG TABLE_SCHEMA TABLE_NAME TABLE_TYPE ENGINE VERSION
    ROW_FORMAT TABLE_ROWS AVG_ROW_LENGTH DATA_LENGTH MAX_DATA_LENGTH INDEX_LENGTH
    DATA_FREE AUTO_INCREMENT CREATE_TIME UPDATE_TIME CHECK_TIME TABLE_COLLATION
    CHECKSUM CREATE_OPTIONS TABLE_COMMENT CREATOR}
proc rows_tables {db t} {
    set name [dict get $t name]
    if {[dict get $t kind] eq "TABLE"} {
        return [list [list def $db $name {BASE TABLE} StarRocks NULL NULL 0 0 0 NULL NULL NULL NULL \
            {2025-11-17 10:39:50} {2025-11-17 10:39:50} {1970-01-01 08:00:00} utf8_general_ci \
            NULL NULL [dict get $t comment] {'root'@'%'}]]
    }
    return [list [list def $db $name VIEW NULL NULL NULL NULL NULL NULL NULL NULL NULL NULL \
        {2025-11-17 10:39:50} NULL {1970-01-01 08:00:00} utf8_general_ci NULL NULL \
        [dict get $t comment] {'root'@'%'}]]
}

# tables_config: one row per OLAP table (facts 2; corpus 94, 98). PRIMARY_KEY
# is filled for PRIMARY and UNIQUE models only (facts 2, FE code); SORT_KEY is
# the key unless ORDER BY was given; PROPERTIES is the SHOW CREATE set as a
# JSON object (3.3+, corpus 94).
set cols(tables_config) {TABLE_SCHEMA TABLE_NAME TABLE_ENGINE TABLE_MODEL PRIMARY_KEY
    PARTITION_KEY DISTRIBUTE_KEY DISTRIBUTE_TYPE DISTRIBUTE_BUCKET SORT_KEY PROPERTIES TABLE_ID}
proc json_str {s} {
    return "\"[string map {\\ \\\\ \" \\\" \n \\n \t \\t} $s]\""
}
proc rows_tables_config {db t} {
    if {[dict get $t kind] ne "TABLE"} { return {} }
    set keys [bt_list [dict get $t keys]]
    set pk [expr {[dict get $t model] in {PRIMARY_KEYS UNIQUE_KEYS} ? $keys : ""}]
    set order [dict get $t order]
    set sort [expr {$order eq "" ? $keys : [bt_list $order]}]
    set js {}
    foreach {k v} [dict get $t props] { lappend js "[json_str $k]:[json_str $v]" }
    return [list [list $db [dict get $t name] OLAP [dict get $t model] $pk \
        [bt_list [dict get $t part]] [bt_list [dict get $t dkeys]] [dict get $t dtype] \
        [dict get $t buckets] $sort "{[join $js ,]}" [expr {10000 + [incr ::table_id]}]]]
}

# columns: 24 columns (facts 2; corpus 95): COLUMN_DEFAULT unquoted, DATA_TYPE
# the base name, COLUMN_TYPE the printed type with decimals as decimal(p,s),
# NUMERIC_SCALE 0 for integers.
set cols(columns) {TABLE_CATALOG TABLE_SCHEMA TABLE_NAME COLUMN_NAME ORDINAL_POSITION
    COLUMN_DEFAULT IS_NULLABLE DATA_TYPE CHARACTER_MAXIMUM_LENGTH CHARACTER_OCTET_LENGTH
    NUMERIC_PRECISION NUMERIC_SCALE DATETIME_PRECISION CHARACTER_SET_NAME COLLATION_NAME
    COLUMN_TYPE COLUMN_KEY EXTRA PRIVILEGES COLUMN_COMMENT COLUMN_SIZE DECIMAL_DIGITS
    GENERATION_EXPRESSION SRS_ID}
proc rows_columns {db t} {
    set out {}
    set i 0
    set keymark [dict get {DUP_KEYS DUP AGG_KEYS AGG UNIQUE_KEYS UNI PRIMARY_KEYS PRI} [dict get $t model]]
    foreach c [dict get $t cols] {
        set type [regsub -all {, } [dict get $c type] ,]
        regexp {^(\w+)} $type -> base
        set base [string tolower $base]
        regsub {^decimal(32|64|128)} $base decimal base
        set scale [expr {$base in {tinyint smallint int bigint largeint} ? 0 : "NULL"}]
        set key [expr {[dict get $c name] in [dict get $t keys] ? $keymark : ""}]
        lappend out [list def $db [dict get $t name] [dict get $c name] [incr i] \
            [dict get $c default] [expr {[dict get $c nullable] ? "YES" : "NO"}] $base \
            NULL NULL NULL $scale NULL NULL NULL $type $key [dict get $c agg] NULL \
            [dict get $c comment] NULL NULL [expr {[dict get $c generated] eq "" ? "NULL" : [dict get $c generated]}] NULL]
    }
    return $out
}

set cols(views) {TABLE_CATALOG TABLE_SCHEMA TABLE_NAME VIEW_DEFINITION CHECK_OPTION
    IS_UPDATABLE DEFINER SECURITY_TYPE CHARACTER_SET_CLIENT COLLATION_CONNECTION}
proc rows_views {db t} {
    if {[dict get $t kind] ne "VIEW"} { return {} }
    return [list [list def $db [dict get $t name] [dict get $t body] NONE NO \
        {'root'@'%'} {} utf8 utf8_general_ci]]
}

# materialized_views (facts 2; corpus 96): REFRESH_TYPE ASYNC or MANUAL.
set cols(materialized_views) {MATERIALIZED_VIEW_ID TABLE_SCHEMA TABLE_NAME REFRESH_TYPE
    IS_ACTIVE INACTIVE_REASON PARTITION_TYPE TASK_ID TASK_NAME LAST_REFRESH_START_TIME
    LAST_REFRESH_FINISHED_TIME LAST_REFRESH_DURATION LAST_REFRESH_STATE
    LAST_REFRESH_FORCE_REFRESH LAST_REFRESH_START_PARTITION LAST_REFRESH_END_PARTITION
    LAST_REFRESH_BASE_REFRESH_PARTITIONS LAST_REFRESH_MV_REFRESH_PARTITIONS
    LAST_REFRESH_ERROR_CODE LAST_REFRESH_ERROR_MESSAGE TABLE_ROWS
    MATERIALIZED_VIEW_DEFINITION EXTRA_MESSAGE QUERY_REWRITE_STATUS CREATOR
    LAST_REFRESH_PROCESS_TIME LAST_REFRESH_JOB_ID}
proc rows_materialized_views {db t} {
    if {[dict get $t kind] ne "MATERIALIZED VIEW"} { return {} }
    set r [expr {[string match -nocase MANUAL* [dict get $t refresh]] ? "MANUAL" : "ASYNC"}]
    set row [list [incr ::table_id] $db [dict get $t name] $r true {} UNPARTITIONED]
    while {[llength $row] < [llength $::cols(materialized_views)]} { lappend row NULL }
    lset row 21 [dict get $t body]
    return [list $row]
}

# Rows of information_schema.<view> for db, computed once.
proc is_rows {view db} {
    if {[info exists ::is_cache($view,$db)]} { return $::is_cache($view,$db) }
    set out {}
    if {[info exists ::tables($db)]} {
        dict for {name t} $::tables($db) { lappend out {*}[rows_$view $db $t] }
    }
    set ::is_cache($view,$db) $out
    return $out
}

# ---- MySQL protocol -------------------------------------------------------

proc le_int {n} { return [binary format i $n] }
proc lenenc_int {n} {
    if {$n < 251} { return [binary format cu $n] }
    if {$n < 65536} { return [binary format cus 0xfc $n] }
    if {$n < 16777216} { return [binary format cu 0xfd][string range [binary format i $n] 0 2] }
    return [binary format cuw 0xfe $n]
}
proc lenenc_str {s} {
    set b [encoding convertto utf-8 $s]
    return [lenenc_int [string length $b]]$b
}

# trickle MS sends every flight one byte at a time, MS ms apart: each read
# of the client gets a byte well within read_timeout, so only an overall
# deadline ends the wait (issue 8).
# Packets: each payload after its header, the 3-byte length and the
# sequence byte (one little-endian int), from sequence number seq.
proc frame {payloads seq} {
    set out ""
    foreach p $payloads {
        append out [binary format i [expr {[string length $p] | (($seq & 255) << 24)}]] $p
        incr seq
    }
    return $out
}

proc send_packets {sock payloads} {
    set out [frame $payloads $::seq($sock)]
    incr ::seq($sock) [llength $payloads]
    send_bytes $sock $out
}

proc send_bytes {sock out} {
    if {$::cfg(trickle) > 0 && $::trickling($sock)} {
        foreach b [split $out ""] {
            puts -nonewline $sock $b
            flush $sock
            after $::cfg(trickle) [list co$sock]
            yield
        }
        return
    }
    puts -nonewline $sock $out
    # The results of one request leave together, as one flight: a flush
    # per result would add the delayed-ACK waits of small TCP segments
    # (Tcl sockets keep Nagle's algorithm) that a real FE does not have.
    if {!$::more($sock)} { flush $sock }
}

# Status flags: SERVER_STATUS_AUTOCOMMIT (2), plus SERVER_MORE_RESULTS_EXISTS
# (8) on the packet that ends every result of a request but the last
# (facts 5). ::more($sock) is set by `request` before each statement.
proc status {sock} { return [expr {$::more($sock) ? 10 : 2}] }
proc ok_packet {{status 2}} { return [binary format cucucususu 0 0 0 $status 0] }
proc eof_packet {{status 2}} { return [binary format cusus 0xfe 0 $status] }
proc err_packet {code state msg} {
    return [binary format cus 0xff $code]#$state[encoding convertto utf-8 $msg]
}
# The answers a statement handler sends: exactly one of these per statement.
proc send_ok {sock} { send_packets $sock [list [ok_packet [status $sock]]] }
# An ERR ends the request: the statements after it are not run (facts 5).
proc send_err {sock code state msg} {
    set ::failed($sock) 1
    set ::more($sock) 0
    send_packets $sock [list [err_packet $code $state $msg]]
}

proc coldef {name} {
    return "[lenenc_str def][lenenc_str {}][lenenc_str {}][lenenc_str {}][lenenc_str $name][lenenc_str $name][binary format cusiucusucus 0x0c 33 65535 0xfd 0 0 0]"
}
proc row_packet {row} {
    set p ""
    foreach v $row {
        if {$v eq "NULL"} { append p [binary format cu 0xfb] } else { append p [lenenc_str $v] }
    }
    return $p
}

# A text result set but its final EOF: column count, definitions, EOF, rows
# (the FE does not announce CLIENT_DEPRECATE_EOF, facts 5). Callers may
# keep it: it does not depend on the connection.
proc result_payloads {names rows} {
    set ps [list [lenenc_int [llength $names]]]
    foreach n $names { lappend ps [coldef $n] }
    lappend ps [eof_packet]
    foreach r $rows { lappend ps [row_packet $r] }
    return $ps
}

# Sends a result set made by result_payloads. mode "during" stops after the
# column definitions and one row, and closes. With a key, the packets are
# framed once for each starting sequence number and kept (the benchmark
# reads 300,000 columns).
proc send_result {sock ps {mode ""} {key ""}} {
    if {$mode eq "during"} {
        set head [lindex $ps 0]
        binary scan $head cu ncols
        send_packets $sock [lrange $ps 0 [expr {$ncols + 2}]]
        error dropped
    }
    if {$key eq ""} {
        send_packets $sock [linsert $ps end [eof_packet [status $sock]]]
        return
    }
    set k $key,[expr {$::seq($sock) & 255}]
    if {![info exists ::framed($k)]} { set ::framed($k) [frame $ps $::seq($sock)] }
    incr ::seq($sock) [llength $ps]
    set eof [frame [list [eof_packet [status $sock]]] $::seq($sock)]
    incr ::seq($sock)
    send_bytes $sock $::framed($k)$eof
}

proc result_set {sock names rows {mode ""}} {
    send_result $sock [result_payloads $names $rows] $mode
}

# ---- connection coroutines ------------------------------------------------

proc on_readable {sock} {
    if {[catch {read $sock} data]} { set data ""; set ::eof($sock) 1 }
    append ::buf($sock) $data
    if {[eof $sock]} { set ::eof($sock) 1; fileevent $sock readable {} }
    if {$::waiting($sock)} {
        set ::waiting($sock) 0
        co$sock
    } elseif {$::eof($sock) && $::stalled($sock)} {
        closeconn $sock
    }
}

proc closeconn {sock} {
    catch {close $sock}
    foreach a {buf seq eof waiting stalled more failed trickling} { unset -nocomplain ::${a}($sock) }
    # Moved out of the way at once: a new connection may get the same
    # channel name (and so the same co$sock) before the idle deletion.
    if {[llength [info commands co$sock]]} {
        set dead ::closed[incr ::closed_seq]
        rename co$sock $dead
        after idle [list catch [list rename $dead {}]]
    }
}

proc wait_bytes {sock n} {
    while {[string length $::buf($sock)] < $n} {
        if {$::eof($sock)} { error eof }
        set ::waiting($sock) 1
        yield
    }
    set d [string range $::buf($sock) 0 $n-1]
    set ::buf($sock) [string range $::buf($sock) $n end]
    return $d
}

proc recv_packet {sock} {
    binary scan [wait_bytes $sock 4] iu h
    set ::seq($sock) [expr {(($h >> 24) & 255) + 1}]
    return [wait_bytes $sock [expr {$h & 0xffffff}]]
}

proc delay {sock} {
    reload_control
    if {$::cfg(latency) > 0} {
        after $::cfg(latency) [list co$sock]
        yield
    }
}

proc stall {sock} {
    flush $sock
    set ::stalled($sock) 1
    while 1 { yield }
}

proc scramble {} {
    set s ""
    for {set i 0} {$i < 20} {incr i} { append s [format %c [expr {33 + int(rand() * 90)}]] }
    return $s
}

# mysql_native_password: SHA1(pw) XOR SHA1(scramble + SHA1(SHA1(pw))).
proc native_token {scramble pw} {
    if {$pw eq ""} { return "" }
    set h1 [sha1::sha1 -bin [encoding convertto utf-8 $pw]]
    set h3 [sha1::sha1 -bin $scramble[sha1::sha1 -bin $h1]]
    binary scan $h1 cu* a
    binary scan $h3 cu* b
    set out {}
    foreach x $a y $b { lappend out [expr {$x ^ $y}] }
    return [binary format cu* $out]
}

proc cstr {data offVar} {
    upvar $offVar off
    set e [string first \0 $data $off]
    if {$e < 0} { set e [string length $data] }
    set s [string range $data $off $e-1]
    set off [expr {$e + 1}]
    return $s
}

# Handshake v10 as the FE sends it (facts 5): server version 5.1.0, 20-byte
# scramble, charset 33, status 0, mysql_native_password; capabilities
# PROTOCOL_41, CONNECT_WITH_DB, SECURE_CONNECTION, PLUGIN_AUTH, LONG_FLAG,
# CONNECT_ATTRS, PLUGIN_AUTH_LENENC_CLIENT_DATA; no SSL, no MULTI_STATEMENTS.
proc handshake {sock id} {
    set caps [expr {0x200 | 0x8 | 0x8000 | 0x80000 | 0x4 | 0x100000 | 0x200000 | 0x1}]
    set sc [scramble]
    set p [binary format cu 10]5.1.0\0[binary format i $id][string range $sc 0 7]\0
    append p [binary format sucusu [expr {$caps & 0xffff}] 33 0]
    append p [binary format sucu [expr {$caps >> 16}] 21][string repeat \0 10]
    append p [string range $sc 8 end]\0mysql_native_password\0
    set ::seq($sock) 0
    delay $sock
    send_packets $sock [list $p]
    set r [recv_packet $sock]
    binary scan $r iu ccaps
    set off 32
    set user [encoding convertfrom utf-8 [cstr $r off]]
    if {$ccaps & 0x200000} {
        binary scan [string index $r $off] cu n
        incr off
    } else {
        binary scan [string index $r $off] cu n
        incr off
    }
    set token [string range $r $off [expr {$off + $n - 1}]]
    incr off $n
    set db ""
    if {$ccaps & 0x8} { set db [encoding convertfrom utf-8 [cstr $r off]] }
    log $id "#connect $user $db"
    log_flush
    delay $sock
    # auth_switch: the FE's LDAP login asks for mysql_clear_password with an
    # AuthSwitchRequest (facts 5); a client that answers sends the password
    # in clear, which the log records by its length only.
    if {$::cfg(auth_switch) ne ""} {
        send_packets $sock [list [binary format cu 0xfe]$::cfg(auth_switch)\0$sc\0]
        set reply [recv_packet $sock]
        log $id "#auth_switch_reply [string length $reply] bytes"
        log_flush
        set token [expr {[string trimright $reply \0] eq $::cfg(password) ? [native_token $sc $::cfg(password)] : "x"}]
    }
    # Login failure is error 1045 (28000) (facts 3.3).
    if {($::cfg(user) ne "" && $user ne $::cfg(user)) || $token ne [native_token $sc $::cfg(password)]} {
        send_packets $sock [list [err_packet 1045 28000 "Access denied for user '$user'@'127.0.0.1' (using password: [expr {$token eq "" ? "NO" : "YES"}])"]]
        error denied
    }
    # The database may be catalog-qualified (default_catalog.db).
    if {[regexp {^[^.]+\.(.+)$} $db -> d]} { set db $d }
    if {$db ne "" && ![info exists ::tables($db)]} {
        # Unknown database: 1049 in older builds (facts 3.3).
        send_packets $sock [list [err_packet 1049 42000 "Unknown database '$db'"]]
        error nodb
    }
    send_packets $sock [list [ok_packet]]
    return $db
}

proc serve {sock id} {
    yield
    if {[catch {
        reload_control
        set ::trickling($sock) [expr {$::cfg(trickle_on) eq ""}]
        if {$::cfg(stall_connect)} { stall $sock }
        set db [handshake $sock $id]
        while 1 {
            set p [recv_packet $sock]
            binary scan [string index $p 0] cu cmd
            switch -- $cmd {
                1 { break }
                14 { delay $sock; send_packets $sock [list [ok_packet]] }
                3 { request $sock $id $db [encoding convertfrom utf-8 [string range $p 1 end]] }
                default {
                    delay $sock
                    send_packets $sock [list [err_packet 1047 08S01 "Unknown command"]]
                }
            }
        }
    } e]} {
        if {$e ni {eof denied nodb dropped}} { puts stderr "fakefe: $e" }
    }
    closeconn $sock
}

proc fault {q key} {
    return [expr {$::cfg($key) ne "" && [string match -nocase $::cfg($key) $q]}]
}

# ---- one COM_QUERY: statements split and answered as the FE does ----------

# The statements of one COM_QUERY, as StarRocks's parser splits them
# (facts 5; fe/.../sql/parser/StarRocksLex.g4): at each `;` outside
# '...' and "..." (backslash escapes, doubled quotes), `...` (doubled
# backquotes), -- comments (to the end of the line) and /* */ comments,
# which are hidden (replaced by a blank). A trailing `;` adds no statement;
# `;;` holds an empty one. Each statement is returned trimmed.
proc split_statements {text} {
    set out {}
    set cur ""
    set i 0
    # Quoted texts and comments are matched whole (to the end of the text
    # when unterminated), so only the `;` outside them split.
    foreach m [regexp -all -inline -indices -- {'(?:[^'\\]|\\.|'')*'?|"(?:[^"\\]|\\.|"")*"?|`(?:[^`]|``)*`?|--[^\n]*|/\*(?:[^*]|\*+[^*/])*(?:\*+/)?|;} $text] {
        lassign $m a b
        set c [string index $text $a]
        if {$c eq ";"} {
            lappend out [string trim "$cur[string range $text $i $a-1]"]
            set cur ""
            set i [expr {$a + 1}]
        } elseif {$c eq "-" || $c eq "/"} {
            append cur [string range $text $i $a-1] " "
            set i [expr {$b + 1}]
        }
    }
    # What follows the last `;` is a statement unless only blanks.
    append cur [string range $text $i end]
    if {[string trim $cur] ne "" || ![llength $out]} { lappend out [string trim $cur] }
    return $out
}

# Statements the fake understands: a list of {regexp handler}, tried in
# order on each trimmed statement (case-insensitive). The handler is called
# as `handler sock db mode group...` with the regexp's groups, and answers
# with exactly one result: result_set, send_ok, or send_err (which ends the
# request). mode is "during" when a drop_during fault matches. A regexp
# that starts with ^word is only tried on statements starting with that
# word (the benchmark sends 10,000 statements).
array set statements {}
proc statement {re handler} {
    set kw *
    regexp {^\^([a-z]+)\\s} $re -> kw
    lappend ::statements([string tolower $kw]) [list $re $handler]
}

# The handler call for q, or "" when no statement matches (a syntax error).
proc recognize {q} {
    regexp {^[a-zA-Z]+} $q kw
    set kw [string tolower $kw]
    set cands [expr {[info exists ::statements($kw)] ? $::statements($kw) : {}}]
    if {[info exists ::statements(*)]} { lappend cands {*}$::statements(*) }
    foreach s $cands {
        lassign $s re handler
        if {[set groups [regexp -nocase -inline -- $re $q]] ne ""} {
            return [list $handler {*}[lrange $groups 1 end]]
        }
    }
    return ""
}

# One COM_QUERY (facts 5): the whole text is parsed first, so a syntax
# error anywhere fails the request and nothing runs; then the statements
# run in order, each answered with its own result, the flag
# SERVER_MORE_RESULTS_EXISTS on all but the last; the first ERR ends the
# answer. The latency fault delays the request's first answer once.
#
# Logged as "<conn>\t#request N" (N statements), then "<conn>\t<statement>"
# for each. nosplit first: only the first statement is answered, as one
# result (a server that does not split); nosplit refuse: a request of
# several statements fails with a syntax error.
proc request {sock id db text} {
    reload_control
    set stmts [split_statements $text]
    log $id "#request [llength $stmts]"
    foreach q $stmts { log $id $q }
    log_flush
    set nosplit [expr {$::cfg(nosplit_on) eq "" || [fault [lindex $stmts 0] nosplit_on]
                       ? $::cfg(nosplit) : ""}]
    set calls {}
    foreach q $stmts {
        if {$q eq ""} { lappend calls empty; continue }
        set c [recognize $q]
        if {$c eq "" || ($nosplit eq "refuse" && [llength $stmts] > 1) || [ddl_parse_refuses $q]} {
            delay $sock
            syntax_error $sock $q
            return
        }
        lappend calls $c
    }
    if {$nosplit eq "first"} {
        set stmts [lrange $stmts 0 0]
        set calls [lrange $calls 0 0]
    }
    delay $sock
    set ::failed($sock) 0
    set left [llength $stmts]
    foreach q $stmts c $calls {
        set ::more($sock) [expr {[incr left -1] > 0}]
        run_statement $sock $db $q $c
        if {$::failed($sock)} break
    }
    set ::more($sock) 0
}

# An extra `;` is an empty statement, answered with OK (facts 5).
proc run_statement {sock db q call} {
    set ::trickling($sock) [expr {$::cfg(trickle_on) eq "" || [fault $q trickle_on]}]
    if {$call eq "empty"} { send_ok $sock; return }
    jobs_tick
    if {$::cfg(drop_table_on) ne "" && [string match -nocase $::cfg(drop_table_on) $q]} {
        drop_table $db $::cfg(drop_table)
    }
    if {[fault $q stall]} { stall $sock }
    if {[fault $q drop_before]} { error dropped }
    if {[fault $q err]} {
        send_err $sock $::cfg(err_code) HY000 $::cfg(err_msg)
        return
    }
    set mode [expr {[fault $q drop_during] ? "during" : ""}]
    [lindex $call 0] $sock $db $mode {*}[lrange $call 1 end]
    if {[fault $q drop_after]} { error dropped }
}

proc syntax_error {sock q} {
    # Syntax errors are 1064 with this text (facts 4, error codes).
    send_err $sock 1064 HY000 "Getting syntax error at line 1, column 0. Detail message: Unexpected input '[lindex [split $q] 0]'."
}

# A table dropped by another client (drop_table_on): gone from SHOW CREATE
# TABLE and from information_schema from then on.
proc drop_table {db name} {
    if {[info exists ::tables($db)] && [dict exists $::tables($db) $name]} {
        dict unset ::tables($db) $name
        array unset ::is_cache *,$db
        array unset ::answers $db,*
        array unset ::framed $db,*
    }
}

# ---- the statements -------------------------------------------------------

statement {^select\s+@@version_comment$} ans_version_comment
proc ans_version_comment {sock db mode} {
    result_set $sock {@@version_comment} [list [list $::cfg(version_comment)]] $mode
}

# @@run_mode: 4.1+ (release notes 4.1, PR #69247); before, MySQL error
# 1193 (StarRocks ErrorCode ERR_UNKNOWN_SYSTEM_VARIABLE).
statement {^select\s+@@run_mode$} ans_run_mode
proc ans_run_mode {sock db mode} {
    if {$::cfg(run_mode) eq ""} {
        send_err $sock 1193 HY000 "Unknown system variable 'run_mode'"
        return
    }
    result_set $sock {@@run_mode} [list [list $::cfg(run_mode)]] $mode
}

statement {^select\s+current_version\(\)$} ans_current_version
proc ans_current_version {sock db mode} {
    regexp {(\d+\.\d+\.\d+)} $::cfg(version_comment) -> v
    result_set $sock {current_version()} [list [list "$v a1b2c3d"]] $mode
}

# SELECT cols FROM information_schema.<view> WHERE TABLE_SCHEMA = '<db>'
# [AND TABLE_NAME = '<name>']
statement {^select\s+(.+?)\s+from\s+information_schema\.(\w+)\s+where\s+table_schema\s*=\s*'((?:[^'\\]|\\.)*)'(?:\s+and\s+table_name\s*=\s*'((?:[^'\\]|\\.)*)')?$} ans_information_schema
proc ans_information_schema {sock db mode sel view sdb tname} {
    set view [string tolower $view]
    set sdb [subst -nocommands -novariables $sdb]
    set tname [subst -nocommands -novariables $tname]
    # The answer is the same every time, unless skewed: kept (the
    # benchmark reads 300,000 columns).
    set key "$sdb,is,$view,$sel,$tname"
    if {$::cfg(skew) eq "" && [info exists ::answers($key)]} {
        send_result $sock $::answers($key) $mode $key
        return
    }
    if {![info exists ::cols($view)]} {
        send_err $sock 5502 42602 "Getting analyzing error. Detail message: Unknown table 'information_schema.$view'."
        return
    }
    set idx {}
    set names {}
    foreach c [split $sel ,] {
        set c [string toupper [unquote_ident $c]]
        if {$c eq "*"} { set want $::cols($view) } else { set want [list $c] }
        foreach w $want {
            set i [lsearch -exact $::cols($view) $w]
            if {$i < 0} {
                send_err $sock 1064 HY000 "Getting analyzing error. Detail message: Column '$w' cannot be resolved."
                return
            }
            lappend idx $i
            lappend names $w
        }
    }
    set rows {}
    set ti [lsearch -exact $::cols($view) TABLE_NAME]
    foreach r [is_rows $view $sdb] {
        if {$tname ne "" && [lindex $r $ti] ne $tname} continue
        # skew: columns missing from information_schema, as after an
        # ALTER between the bulk read and SHOW CREATE TABLE.
        if {$view eq "columns" && $::cfg(skew) ne "" && [string match $::cfg(skew) [lindex $r 3]]} continue
        set o {}
        foreach i $idx { lappend o [lindex $r $i] }
        lappend rows $o
    }
    set ps [result_payloads $names $rows]
    if {$::cfg(skew) eq ""} { set ::answers($key) $ps }
    send_result $sock $ps $mode
}

# answer_as GLOB NAME: a SHOW CREATE TABLE matching GLOB is answered for
# table NAME instead (a server answering for other names than asked).
statement {^show\s+create\s+(?:table|view|materialized\s+view)\s+(.+)$} ans_show_create
proc ans_show_create {sock db mode name} {
    if {$::cfg(stmt_ms) > 0} {
        after $::cfg(stmt_ms) [list co$sock]
        yield
    }
    set parts [regexp -all -inline {`(?:[^`]|``)*`|[^.`]+} $name]
    set tdb [expr {[llength $parts] > 1 ? [unquote_ident [lindex $parts end-1]] : $db}]
    set tn [unquote_ident [lindex $parts end]]
    if {$::cfg(answer_as) ne "" && [string match $::cfg(answer_as) $tn]} { set tn $::cfg(answer_name) }
    if {![info exists ::tables($tdb)] || ![dict exists $::tables($tdb) $tn]} {
        # Unknown table: 5502 (42602) in newer builds (facts 3.3).
        send_err $sock 5502 42602 "Getting analyzing error. Detail message: Unknown table '$tdb.$tn'."
        return
    }
    # The answer is the same every time: kept (the benchmark asks for
    # 10,000 tables at a time).
    if {![info exists ::answers($tdb,$tn)]} {
        set t [dict get $::tables($tdb) $tn]
        # Views answer with 4 columns, tables and MVs with 2 (facts 1.1).
        if {[dict get $t kind] eq "VIEW"} {
            set ::answers($tdb,$tn) [result_payloads {View {Create View} character_set_client collation_connection} \
                [list [list $tn [dict get $t text] utf8 utf8_general_ci]]]
        } else {
            set ::answers($tdb,$tn) [result_payloads {Table {Create Table}} [list [list $tn [dict get $t text]]]]
        }
    }
    send_result $sock $::answers($tdb,$tn) $mode
}

# SHOW BACKENDS: one row per BE with the columns of the 3.1 docs (docs
# SHOW BACKENDS, "Return"; newer builds add columns after CpuCores).
statement {^show\s+backends$} ans_show_backends
proc ans_show_backends {sock db mode} {
    set names {BackendId IP HeartbeatPort BePort HttpPort BrpcPort LastStartTime
        LastHeartbeat Alive SystemDecommissioned ClusterDecommissioned TabletNum
        DataUsedCapacity AvailCapacity TotalCapacity UsedPct MaxDiskUsedPct ErrMsg
        Version Status DataTotalCapacity DataUsedPct CpuCores}
    set rows {}
    set n [expr {$::cfg(backends) + $::cfg(dead_backends)}]
    for {set i 0} {$i < $n} {incr i} {
        set alive [expr {$i < $::cfg(backends) ? "true" : "false"}]
        lappend rows [list [expr {10001 + $i}] 127.0.0.[expr {$i + 2}] 9050 9060 8040 8060 \
            {2024-01-01 00:00:00} {2024-01-01 00:00:05} $alive false false 12 \
            {1.000 GB} {100.000 GB} {200.000 GB} {50.00 %} {50.00 %} {} 3.5.2-a1b2c3d \
            {{"lastSuccessReportTabletsTime":"2024-01-01 00:00:00"}} {101.000 GB} {0.99 %} 8]
    }
    result_set $sock $names $rows $mode
}

statement {^set\s} ans_set
proc ans_set {sock db mode} { send_ok $sock }

# CREATE / ALTER / DROP, SHOW ALTER TABLE, CANCEL ALTER (fakefe_ddl.tcl).
ddl_statements

proc accept {sock addr port} {
    set id [incr ::connid]
    fconfigure $sock -translation binary -blocking 0 -buffering full -buffersize 1048576
    set ::buf($sock) ""
    set ::eof($sock) 0
    set ::waiting($sock) 0
    set ::stalled($sock) 0
    set ::more($sock) 0
    set ::failed($sock) 0
    coroutine co$sock serve $sock $id
    fileevent $sock readable [list on_readable $sock]
    co$sock
}

set connid 0
set table_id 0
set srv [socket -server accept -myaddr 127.0.0.1 0]
set port [lindex [fconfigure $srv -sockname] 2]
if {$portfile ne ""} {
    set f [open $portfile.tmp w]
    puts $f $port
    close $f
    file rename -force $portfile.tmp $portfile
} else {
    puts $port
    flush stdout
}
after [expr {$cfg(lifetime) * 1000}] exit
proc watch_parent {} {
    if {![file exists /proc/$::cfg(parent)]} exit
    after 500 watch_parent
}
if {$cfg(parent) ne ""} watch_parent
vwait forever
