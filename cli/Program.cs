using CrossModal.Cli;

if (HugePageRestart.Run(args) is int exitCode) return exitCode;
return await CliApp.BuildRoot().Parse(args).InvokeAsync();
