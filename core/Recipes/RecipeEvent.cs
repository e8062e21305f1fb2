using CrossModal.Core.Training;

namespace CrossModal.Core.Recipes;

/// <summary>What a recipe run reports: the step (model id) and either trainer progress or a line of text.</summary>
public sealed record RecipeEvent(string Step, TrainingProgress? Progress = null, string? Message = null);
