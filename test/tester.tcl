# tester.tcl -- small test harness for libsrschema, in the style of SQLite's.
#
# test/all.tcl runs every test/*.test in its own tclsh process with this file
# loaded, a fresh in-memory `db` with the extension, and these globals:
#   SR_EXT     absolute path of the extension under test
#   testdir    absolute path of test/
#   corpusdir  absolute path of ../shared/corpus beside the project root, or ""
#   tmpdir     an empty directory for this file (under /tmp, removed after the run)
# A separate process per file means a crash, a sanitizer report or a stray
# `exit` is charged to that file only, and the run goes on.

if {[info exists ::sr_tester_loaded]} return
set ::sr_tester_loaded 1

package require sqlite3

set ::testdir [file dirname [file normalize [info script]]]
# The corpus is read in place, never copied into the project (SPEC section 6).
if {[info exists ::env(SR_CORPUSDIR)]} {
    set ::corpusdir [file normalize $::env(SR_CORPUSDIR)]
} else {
    set ::corpusdir [file normalize [file join $::testdir .. .. shared corpus]]
}
if {![file isdirectory $::corpusdir]} { set ::corpusdir "" }
if {![info exists ::tmpdir]} { set ::tmpdir "" }
if {![info exists ::SR_EXT]} { set ::SR_EXT "" }

array set ::sr_count {passed 0 failed 0 skipped 0}
set ::sr_failnames {}
array set ::sr_seen {}
set ::sr_dbs {}
set ::sr_verbose [expr {[info exists ::env(SR_VERBOSE)] && $::env(SR_VERBOSE) ne "" && $::env(SR_VERBOSE) ne "0"}]

# ---- reporting ------------------------------------------------------------

proc sr_show {v} {
    # Brackets make empty strings and trailing blanks visible.
    return "\[$v\]"
}

# Returns 0 (and records a failure) when the name was already used: duplicate
# names would make a failure report ambiguous.
proc sr_begin {name} {
    if {[info exists ::sr_seen($name)]} {
        sr_fail $name "duplicate test name"
        return 0
    }
    set ::sr_seen($name) 1
    return 1
}

proc sr_pass {name} {
    incr ::sr_count(passed)
    if {$::sr_verbose} { puts "  ok   $name" }
}

proc sr_fail {name args} {
    incr ::sr_count(failed)
    lappend ::sr_failnames $name
    puts "! $name FAILED"
    foreach line $args { puts "!   $line" }
}

# Evaluates $script one level above the caller of the do_* proc; returns
# {code result}. Codes other than error count as a normal result.
proc sr_eval {script} {
    set code [catch {uplevel 2 $script} result]
    if {$code == 1} {
        if {$::sr_verbose} { puts $::errorInfo }
        return [list 1 $result]
    }
    return [list 0 $result]
}

# ---- test commands --------------------------------------------------------

# Exact string comparison, as in SQLite's do_test.
proc do_test {name script expected} {
    if {![sr_begin $name]} return
    lassign [sr_eval $script] err got
    if {$err} {
        sr_fail $name "expected: [sr_show $expected]" "got error: $got"
    } elseif {$got ne $expected} {
        sr_fail $name "expected: [sr_show $expected]" "got:      [sr_show $got]"
    } else {
        sr_pass $name
    }
}

# The result of `db eval` is compared as a list; the expected value is
# whitespace-normalised with [list {*}$expected] like SQLite's tester.
proc do_execsql_test {name sql expected} {
    if {![sr_begin $name]} return
    if {[catch {list {*}$expected} want]} {
        sr_fail $name "expected value is not a Tcl list: $want"
        return
    }
    set code [catch {uplevel 1 [list db eval $sql]} got]
    if {$code == 1} {
        sr_fail $name "sql: [string trim $sql]" "expected: [sr_show $want]" "got error: $got"
    } elseif {$got ne $want} {
        sr_fail $name "sql: [string trim $sql]" "expected: [sr_show $want]" "got:      [sr_show $got]"
    } else {
        sr_pass $name
    }
}

# Compares {rc msg}: {1 {error text}} for an error, {0 {result list}} otherwise.
proc do_catchsql_test {name sql expected} {
    if {![sr_begin $name]} return
    if {[catch {list {*}$expected} want]} {
        sr_fail $name "expected value is not a Tcl list: $want"
        return
    }
    set rc [catch {uplevel 1 [list db eval $sql]} msg]
    set got [list [expr {$rc == 1}] $msg]
    if {$got ne $want} {
        sr_fail $name "sql: [string trim $sql]" "expected: [sr_show $want]" "got:      [sr_show $got]"
    } else {
        sr_pass $name
    }
}

# The result must match the regexp (Tcl ARE, unanchored unless ^...$ is used).
proc do_re_test {name script re} {
    if {![sr_begin $name]} return
    lassign [sr_eval $script] err got
    if {$err} {
        sr_fail $name "expected match of: $re" "got error: $got"
    } elseif {[catch {regexp -- $re $got} ok]} {
        sr_fail $name "bad regexp: $ok"
    } elseif {!$ok} {
        sr_fail $name "expected match of: $re" "got:      [sr_show $got]"
    } else {
        sr_pass $name
    }
}

# A skip is counted and always printed, so missing layers stay visible.
proc skip_test {name reason} {
    if {![sr_begin $name]} return
    incr ::sr_count(skipped)
    puts "- $name SKIPPED: $reason"
}

# Closes the databases opened by sr_open, so that anything the extension
# frees on close is freed before the leak check at exit. Safe to call twice.
proc finish_test {} {
    foreach cmd $::sr_dbs {
        if {[llength [info commands ::$cmd]]} { catch {::$cmd close} }
    }
    set ::sr_dbs {}
}

# ---- helpers --------------------------------------------------------------

# Opens a fresh database (in-memory by default) as command $cmd with the
# extension loaded; an existing command of that name is closed first.
proc sr_open {{cmd db} {file :memory:}} {
    if {[llength [info commands ::$cmd]]} { catch {::$cmd close} }
    sqlite3 ::$cmd $file
    ::$cmd enable_load_extension 1
    ::$cmd eval {SELECT load_extension($::SR_EXT)}
    if {$cmd ni $::sr_dbs} { lappend ::sr_dbs $cmd }
    return $cmd
}

proc execsql {sql {cmd db}} {
    return [uplevel 1 [list $cmd eval $sql]]
}

proc catchsql {sql {cmd db}} {
    set rc [catch {uplevel 1 [list $cmd eval $sql]} msg]
    return [list [expr {$rc == 1}] $msg]
}

# Files are UTF-8 with LF line ends, whatever the locale.
proc write_file {path text} {
    set f [open $path w]
    fconfigure $f -encoding utf-8 -translation lf
    puts -nonewline $f $text
    close $f
}

proc read_file {path} {
    set f [open $path r]
    fconfigure $f -encoding utf-8 -translation lf
    set text [read $f]
    close $f
    return $text
}

# ---- per-file driver (called by all.tcl in the child process) -------------

# Prints one marker line that all.tcl parses: @@sr-result passed failed skipped names.
proc sr_run_file {ext file tmp} {
    set ::SR_EXT $ext
    set ::tmpdir $tmp
    file mkdir $tmp
    fconfigure stdout -buffering line
    # A test that calls exit would skip the rest of the file silently: count
    # it as a failure but still report what ran.
    rename ::exit ::sr_real_exit
    proc ::exit {{code 0}} {
        sr_fail "exit $code called by the test file"
        sr_report
        sr_real_exit 0
    }
    # Keep the extension mapped until exit: SQLite unloads it when the last
    # connection that loaded it closes, and a leak report printed at exit
    # could then not name libsrschema's functions. This connection stays open.
    if {[catch {
        sqlite3 ::sr_anchor :memory:
        ::sr_anchor enable_load_extension 1
        ::sr_anchor eval {SELECT load_extension($::SR_EXT)}
        sr_open db
    } err]} {
        sr_fail "sr_open" "cannot open db with the extension: $err"
    } elseif {[catch {uplevel #0 [list source $file]} err]} {
        # Drop the frames of this driver from the trace; they say nothing.
        set trace [regsub {\n\s*invoked from within\n"source [^\n]*\n.*$} $::errorInfo ""]
        sr_fail "uncaught error" {*}[split $trace \n]
    }
    sr_report
    rename ::exit ""
    rename ::sr_real_exit ::exit
}

proc sr_report {} {
    catch finish_test
    puts [list @@sr-result $::sr_count(passed) $::sr_count(failed) \
              $::sr_count(skipped) $::sr_failnames]
    flush stdout
}
