; Inno Setup 6.3+ script of the Windows installer; packaging\build.ps1 builds the bundle and then this:
;   iscc /DAppVersion=0.1.0 packaging\asahi-desk.iss   ->  dist\asahi-desk-0.1.0-setup.exe
; Per user, without administrator rights, into %LOCALAPPDATA%\Programs\Asahi Desk.
; The plans are not the installer's: they live in the user's data folder (%LOCALAPPDATA%\AsahiDesk)
; or wherever the user saved them, and the uninstaller removes only the files listed under [Files].

#ifndef AppVersion
  #error Give the version: iscc /DAppVersion=X.Y.Z (build.ps1 reads it from the package metadata)
#endif
#define AppName "Asahi Desk"
#define AppExe "asahi-desk.exe"
#define PlanProgId "AsahiDesk.Plan"

[Setup]
AppId={{B6DCF5DC-6B7B-4D99-AD93-07E359D17153}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=旭区 区政推進課
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\{#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
UninstallDisplayIcon={app}\{#AppExe}
OutputDir=..\dist
OutputBaseFilename=asahi-desk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"

[Tasks]
Name: "associate"; Description: "計画ファイル（.sqlite）を {#AppName} で開く"; Flags: unchecked

[Files]
Source: "..\dist\asahi-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"

[Registry]
; Only with the task ticked, and only in the user's own part of the registry (HKA is HKCU here).
Root: HKA; Subkey: "Software\Classes\.sqlite\OpenWithProgids"; ValueType: string; ValueName: "{#PlanProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.sqlite"; ValueType: string; ValueName: ""; ValueData: "{#PlanProgId}"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#PlanProgId}"; ValueType: string; ValueName: ""; ValueData: "Asahi Desk 計画ファイル"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#PlanProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#PlanProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" --db ""%1"""; Tasks: associate

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
