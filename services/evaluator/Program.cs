using CrossModal.EvaluatorService.Extensions;

EvaluatorApp.Create(args).Run();
