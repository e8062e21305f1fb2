using CrossModal.EncoderService.Extensions;

EncoderApp.Create(args).Run();
