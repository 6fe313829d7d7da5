import PlanPressCommand

PlanPressCommand.main()
