using CrossModal.GeneratorService.Extensions;

GeneratorApp.Create(args).Run();
