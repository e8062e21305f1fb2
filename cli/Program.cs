using CrossModal.Cli;

return await CliApp.BuildRoot().Parse(args).InvokeAsync();
