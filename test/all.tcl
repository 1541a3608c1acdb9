# all.tcl -- run the libsrschema test suite.
#
#   tclsh test/all.tcl /path/to/libsrschema.so ?glob-pattern?
#
# Runs every test/*.test (sorted; the pattern filters file names, e.g.
# 'types*') each in its own tclsh process, so that an uncaught error, a crash,
# a timeout or a sanitizer report costs that file one failure and the run
# continues. Leaks are only reported when a process exits, so under
# `make test-asan` each file's leaks are charged to that file: LSan makes the
# child exit non-zero (1 under ASan; 23 is only standalone LSan's default). The last line printed is always
# "N passed, N failed"; exit status is 0 only when nothing failed.
#
# Environment: SR_VERBOSE=1 prints every test; SR_TEST_TIMEOUT=seconds per
# file (default 600: cli.test took over 300 s under make test-asan on a
# loaded 2-core machine; a hang is still caught); SR_KEEP_TMP=1 keeps the temporary directory;
# SR_FULL_STACKS=1 gives full allocation stacks in leak reports (see below).

set sr_here [file dirname [file normalize [info script]]]

# Child mode: run one file and report through a marker line on stdout.
if {[lindex $argv 0] eq "--child"} {
    lassign $argv - ext file tmp
    source [file join $sr_here tester.tcl]
    sr_run_file $ext $file $tmp
    exit 0
}

proc usage {} {
    puts stderr "usage: tclsh test/all.tcl /path/to/libsrschema.so ?glob-pattern?"
    puts "0 passed, 1 failed"
    exit 2
}

if {[llength $argv] < 1 || [llength $argv] > 2} usage
lassign $argv ext pattern
set ext [file normalize $ext]
if {![file isfile $ext]} {
    puts stderr "all.tcl: extension not found: $ext"
    puts "0 passed, 1 failed"
    exit 1
}
if {$pattern eq ""} { set pattern * }

fconfigure stdout -buffering line

proc env_true {name} {
    return [expr {[info exists ::env($name)] && $::env($name) ni {"" 0}}]
}

# ASan's default fast unwinder stops at libraries built without frame pointers
# (libsqlite3, libtcl), so a leak allocated through sqlite3_malloc does not
# show which libsrschema function made it. The slow unwinder shows it but
# makes the suite about 5x slower, hence opt-in. Children inherit env.
if {[env_true SR_FULL_STACKS]} {
    if {[info exists env(ASAN_OPTIONS)] && $env(ASAN_OPTIONS) ne ""} {
        append env(ASAN_OPTIONS) :fast_unwind_on_malloc=0
    } else {
        set env(ASAN_OPTIONS) fast_unwind_on_malloc=0
    }
}
set timeout [expr {[info exists env(SR_TEST_TIMEOUT)] ? $env(SR_TEST_TIMEOUT) : 600}]

set files {}
foreach f [lsort [glob -nocomplain -directory $sr_here -types f *.test]] {
    set t [file tail $f]
    if {[string match $pattern $t] || [string match $pattern [file rootname $t]]} {
        lappend files $f
    }
}

# Per-run scratch directory; each file gets its own subdirectory.
set runtmp [file join /tmp srschema-test.[pid].[clock clicks]]
file mkdir $runtmp

array set total {passed 0 failed 0 skipped 0}
set failnames {}

proc on_readable {ch} {
    while {[gets $ch line] >= 0} {
        if {[string match "@@sr-result *" $line]} {
            set ::child_result [lrange $line 1 end]
            continue
        }
        # Name the sanitizer in the failure, not just an exit status.
        if {[regexp {^==\d+==ERROR: (\w+Sanitizer)} $line - san]
                || [regexp {(runtime error):} $line - san]} {
            if {$san eq "runtime error"} { set san "UndefinedBehaviorSanitizer" }
            if {$san ni $::child_sanitizer} { lappend ::child_sanitizer $san }
        if {$san eq "LeakSanitizer"} { set ::saw_leak 1 }
        }
        puts $line
    }
    if {[eof $ch]} { set ::child_state eof }
}

proc on_timeout {ch} {
    foreach p [pid $ch] { catch {exec kill -KILL $p} }
    set ::child_state timeout
}

# Runs one file; returns {passed failed skipped failnames}.
proc run_file {file} {
    global ext runtmp timeout sr_here
    set tail [file tail $file]
    set tmp [file join $runtmp [file rootname $tail]]
    set cmd [list [info nameofexecutable] [file join $sr_here all.tcl] \
                 --child $ext $file $tmp </dev/null 2>@1]
    set ::child_result {}
    set ::child_sanitizer {}
    set ::child_state running
    if {[catch {open |$cmd r} ch]} {
        return [list 0 1 0 [list "$tail (cannot start: $ch)"]]
    }
    fconfigure $ch -blocking 0 -buffering line
    fileevent $ch readable [list on_readable $ch]
    set timer [after [expr {$timeout * 1000}] [list on_timeout $ch]]
    vwait ::child_state
    after cancel $timer
    fconfigure $ch -blocking 1
    # close reports the exit status of the child (blocking, so it waits).
    set status 0
    if {[catch {close $ch} msg opts]} {
        set ec [dict get $opts -errorcode]
        switch -- [lindex $ec 0] {
            CHILDSTATUS { set status "exit status [lindex $ec 2]" }
            CHILDKILLED { set status "killed by [lindex $ec 2]" }
            default     { set status $msg }
        }
    }
    if {$::child_state eq "timeout"} { set status "timed out after ${timeout}s" }
    if {[llength $::child_result] == 4} {
        lassign $::child_result p f s names
        set names [lmap n $names {string cat "$tail: " $n}]
    } else {
        lassign {0 0 0 {}} p f s names
        if {$status eq "0"} { set status "no result reported" }
    }
    if {[llength $::child_sanitizer]} {
        set status "[join $::child_sanitizer {, }] report, $status"
    }
    if {$status ne "0"} {
        # The report itself was printed above, among the file's output.
        incr f
        lappend names "$tail ($status)"
    }
    return [list $p $f $s $names]
}

set t0 [clock milliseconds]
try {
    foreach file $files {
        set t1 [clock milliseconds]
        lassign [run_file $file] p f s names
        incr total(passed) $p
        incr total(failed) $f
        incr total(skipped) $s
        lappend failnames {*}$names
        puts [format "%-32s %4d passed %3d failed %3d skipped %7.2fs" \
                  [file tail $file] $p $f $s [expr {([clock milliseconds] - $t1) / 1000.0}]]
    }
} finally {
    if {[env_true SR_KEEP_TMP]} {
        puts "temporary files kept in $runtmp"
    } else {
        file delete -force $runtmp
    }
}

if {[llength $files] == 0} {
    puts "no test files match '$pattern'"
    # A pattern that matches nothing is most likely a typo: do not report success.
    if {$pattern ne "*"} {
        incr total(failed)
        lappend failnames "no test files match '$pattern'"
    }
}
if {[llength $failnames]} {
    puts "Failures:"
    foreach n $failnames { puts "  $n" }
}
if {[info exists saw_leak] && ![env_true SR_FULL_STACKS]} {
    puts "Leak stacks may stop inside libsqlite3; for full stacks: SR_FULL_STACKS=1 make test-asan"
}
puts "$total(skipped) skipped"
puts [format "%d files in %.2fs" [llength $files] [expr {([clock milliseconds] - $t0) / 1000.0}]]
puts "$total(passed) passed, $total(failed) failed"
exit [expr {$total(failed) > 0}]
