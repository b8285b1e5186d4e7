# Builds the Windows installer in one command, from the repository's root:
#   powershell -ExecutionPolicy Bypass -File packaging\build.ps1
# Needs Python 3.11+ (the py launcher) and Inno Setup 6.3 or newer. Makes dist\asahi-desk\ (the bundle) and
# dist\asahi-desk-VERSION-setup.exe (the installer).
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

function Invoke-Step([string]$What, [scriptblock]$Command) {
    Write-Host "== $What"
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)" }
}

if (-not (Test-Path .venv\Scripts\python.exe)) { Invoke-Step "venv" { py -3 -m venv .venv } }
$python = ".venv\Scripts\python.exe"
Invoke-Step "pip install .[bundle]" { & $python -m pip install ".[bundle]" }
Invoke-Step "pyinstaller" { & $python -m PyInstaller --noconfirm --clean packaging\asahi-desk.spec }
Invoke-Step "self-test of the bundle" { & dist\asahi-desk\asahi-desk-cli.exe --self-test }

$version = & $python -c "from asahi_desk.version import version; print(version())"
$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) {
    $iscc = @("$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe", "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
              "$env:ProgramFiles\Inno Setup 6\ISCC.exe") | Where-Object { Test-Path $_ } | Select-Object -First 1
}
if (-not $iscc) { throw "Inno Setup 6 (ISCC.exe) was not found: install it, or put ISCC.exe on PATH" }
Invoke-Step "iscc" { & $iscc "/DAppVersion=$version" packaging\asahi-desk.iss }
Write-Host "dist\asahi-desk-$version-setup.exe"
