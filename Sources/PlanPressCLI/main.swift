import PlanPressCommand

PlanPressCommand.runAndExit()
