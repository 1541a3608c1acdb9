# cli_support.tcl -- helpers of the cli*.test files: run the srschema
# command and collect its exit status, stdout and stderr.

source [file join $testdir live_support.tcl]
package require json

set ::srcroot [file dirname $testdir]

# The path of f relative to the source tree when it lies inside it, so that
# make matches it with its own rules.
proc cli_relpath {f} {
    set f [file normalize $f]
    set n [string length $::srcroot/]
    if {[string equal -length $n $::srcroot/ $f]} { return [string range $f $n end] }
    return $f
}

# `make install` (or uninstall) into destdir of the extension under test and
# the command built beside it (build/asan/srschema under `make test-asan`);
# more make variables in args. Returns make's output.
proc cli_make {target destdir args} {
    set bin [file join [file dirname $::SR_EXT] srschema]
    if {![file executable $bin]} { error "$bin is missing: build it first (make)" }
    # A make started by `make test` must not inherit its jobserver.
    set saved [array get ::env MAKE*]
    foreach k {MAKEFLAGS MAKELEVEL MFLAGS MAKEOVERRIDES} { unset -nocomplain ::env($k) }
    set rc [catch {exec_clean make -s -C $::srcroot $target DESTDIR=$destdir \
        INSTALL_SO=[cli_relpath $::SR_EXT] INSTALL_BIN=[cli_relpath $bin] {*}$args 2>@1} out]
    array set ::env $saved
    if {$rc} { error "make $target: $out" }
    return $out
}

# Every cli test runs the installed command (issue 12: "tests run the
# installed binary"), installed into this file's temporary DESTDIR.
set ::cli_destdir [file join $tmpdir destdir]
cli_make install $::cli_destdir
set ::cli_bin [file join $::cli_destdir usr local bin srschema]

# Runs srschema with args; returns {status stdout stderr}. Options before
# the arguments: -stdin FILE, -env {NAME value ...}. A sanitizer report on
# stderr is an error, whatever the status.
proc cli_run {args} {
    set in /dev/null
    set env {}
    while {[lindex $args 0] in {-stdin -env}} {
        set args [lassign $args opt val]
        if {$opt eq "-stdin"} { set in $val } else { set env $val }
    }
    set out [file join $::tmpdir cli.stdout]
    set err [file join $::tmpdir cli.stderr]
    # Only the named variables are saved and restored: `array unset env`
    # would cut the array off from the real environment.
    set saved {}
    foreach {k v} $env {
        lappend saved $k [expr {[info exists ::env($k)] ? [list $::env($k)] : ""}]
        set ::env($k) $v
    }
    set status 0
    # The binary carries its own sanitizer runtime: no preload needed.
    set rc [catch {exec_clean $::cli_bin {*}$args <$in >$out 2>$err} msg opts]
    foreach {k v} $saved {
        if {$v eq ""} { unset ::env($k) } else { set ::env($k) [lindex $v 0] }
    }
    if {$rc} {
        set ec [dict get $opts -errorcode]
        if {[lindex $ec 0] ne "CHILDSTATUS"} { error $msg }
        set status [lindex $ec 2]
    }
    set o [read_file $out]
    set e [read_file $err]
    if {[regexp {==\d+==ERROR: \w+Sanitizer|runtime error:} $e]} {
        error "sanitizer report from srschema $args:\n$e"
    }
    return [list $status $o $e]
}

# The statements of a script that are not comments, as mysql(1) would
# send them: `;`-terminated, comments dropped.
proc script_statements {text} {
    set stmts {}
    set cur ""
    foreach line [split $text \n] {
        if {[string match "-- *" $line] || $line eq "--"} continue
        append cur $line \n
        if {[string index [string trimright $line] end] eq ";"} {
            lappend stmts [string trim [string range [string trimright $cur] 0 end-1]]
            set cur ""
        }
    }
    return $stmts
}

# Copies a source into the SQLite tables of table:<p> in db.
proc cli_copy_source {src p} {
    foreach vt {tables columns properties indexes} {
        db eval "DROP TABLE IF EXISTS ${p}_$vt"
        db eval "CREATE TABLE ${p}_$vt AS SELECT * FROM sr_${vt}(\$src)"
    }
}
